package io.lxbus.executor.domain;

/** How an unprivileged container's root file system gets its ids shifted into the id map. */
public enum RootShift {
    /** Privileged: nothing to shift. */
    NONE,
    /** An idmapped mount ({@code lxc.rootfs.options = idmap=container}); the files on disk stay as they are. */
    IDMAPPED_MOUNT,
    /** The files were chowned into the map (kernel or file system without idmapped mounts). */
    CHOWNED;

    /** The shift for a container with this map on a host/file system that can (or cannot) idmap. */
    public static RootShift choose(boolean privileged, boolean canIdmap) {
        if (privileged) {
            return NONE;
        }
        return canIdmap ? IDMAPPED_MOUNT : CHOWNED;
    }
}
