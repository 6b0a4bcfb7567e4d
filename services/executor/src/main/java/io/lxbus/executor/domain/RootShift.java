package io.lxbus.executor.domain;

import io.lxbus.events.IdmapEntry;

import java.util.List;

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

    /** The map the files on disk are shifted to with this shift and the map {@code next}: only a chown shifts them. */
    public List<IdmapEntry> onDisk(List<IdmapEntry> next) {
        return this == CHOWNED ? next : List.of();
    }
}
