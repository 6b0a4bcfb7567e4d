package io.lxbus.executor.driver.lxc;

import io.lxbus.events.IdmapEntry;
import io.lxbus.executor.domain.IdmapJson;
import io.lxbus.executor.driver.DriverException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Shifts a root file system into an id map when idmapped mounts cannot: a chown walk (no symlinks followed, set-id
 * bits restored), done once per map and remembered in a marker file beside the container's config.
 */
final class RootShifter {
    /** The marker's name in the container's folder: the {@code lxc.idmap} values the tree was chowned into. */
    static final String MARKER = "shifted";
    private static final Logger LOG = Logger.getLogger(RootShifter.class);
    /** File systems whose kernel drivers support idmapped mounts (kernel 6.x). */
    private static final Set<String> IDMAPPABLE = Set.of("ext4", "ext3", "ext2", "xfs", "btrfs", "tmpfs", "f2fs",
            "vfat", "overlay", "erofs", "squashfs", "fat");

    private RootShifter() {
    }

    /** Whether the file system holding {@code path} can be idmapped. */
    static boolean canIdmap(Path path) {
        try {
            FileStore store = Files.getFileStore(path);
            return IDMAPPABLE.contains(store.type());
        } catch (IOException e) {
            return false;
        }
    }

    /** Chowns {@code rootfs} into {@code map} unless {@code marker} says it already was with that map. */
    static void shift(Path rootfs, List<IdmapEntry> map, Path marker) {
        String wanted = String.join("\n", IdmapJson.lxcLines(map));
        try {
            if (Files.exists(marker) && Files.readString(marker).equals(wanted)) {
                return;
            }
            if (Files.exists(marker)) {
                throw new DriverException("The root file system was shifted into another id map; it cannot be shifted again");
            }
            long started = System.nanoTime();
            long count;
            try (Stream<Path> paths = Files.walk(rootfs)) {
                count = paths.mapToLong(path -> shiftOne(path, map)).sum();
            }
            Files.writeString(marker, wanted);
            LOG.warnf("Shifted %d files of %s into the id map by chown (no idmapped mounts) in %d ms", count, rootfs,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            throw new DriverException("Cannot shift the root file system: " + e.getMessage(), e);
        }
    }

    private static long shiftOne(Path path, List<IdmapEntry> map) {
        try {
            int uid = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int gid = (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
            long hostUid = IdmapJson.hostId(map, uid, true);
            long hostGid = IdmapJson.hostId(map, gid, false);
            boolean link = Files.isSymbolicLink(path);
            int rawMode = link ? 0 : (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if (hostUid >= 0) {
                Files.setAttribute(path, "unix:uid", (int) hostUid, LinkOption.NOFOLLOW_LINKS);
            }
            if (hostGid >= 0) {
                Files.setAttribute(path, "unix:gid", (int) hostGid, LinkOption.NOFOLLOW_LINKS);
            }
            if (!link && (rawMode & 06000) != 0) {
                Files.setAttribute(path, "unix:mode", rawMode & 07777, LinkOption.NOFOLLOW_LINKS);
            }
            return 1;
        } catch (IOException e) {
            throw new DriverException("Cannot shift " + path + ": " + e.getMessage(), e);
        }
    }
}
