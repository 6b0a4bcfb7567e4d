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
 * bits restored) from the map the files are in to the next one, remembered in a marker file beside the container's
 * config (no marker: unshifted).
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

    /** The map the files of a root file system are shifted to: the marker's, else {@code recorded}, else none. */
    static List<IdmapEntry> onDisk(Path marker, List<IdmapEntry> recorded) {
        try {
            return Files.exists(marker) ? IdmapJson.fromLxcLines(Files.readString(marker)) : recorded;
        } catch (IOException e) {
            throw new DriverException("Cannot read " + marker + ": " + e.getMessage(), e);
        }
    }

    /**
     * Chowns {@code rootfs} from the map it is shifted to ({@code from}; empty: unshifted) into {@code to} (empty:
     * unshift it, for an idmapped mount or a privileged container) and records {@code to} in {@code marker}.
     */
    static void shift(Path rootfs, List<IdmapEntry> from, List<IdmapEntry> to, Path marker) {
        try {
            if (IdmapJson.sameMap(from, to)) {
                writeMarker(marker, to);
                return;
            }
            long started = System.nanoTime();
            long count;
            try (Stream<Path> paths = Files.walk(rootfs)) {
                count = paths.mapToLong(path -> shiftOne(path, from, to)).sum();
            }
            writeMarker(marker, to);
            LOG.warnf("Shifted %d files of %s by chown from %s to %s in %d ms", count, rootfs,
                    from.isEmpty() ? "no map" : IdmapJson.lxcLines(from), to.isEmpty() ? "no map" : IdmapJson.lxcLines(to),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            throw new DriverException("Cannot shift the root file system: " + e.getMessage(), e);
        }
    }

    private static void writeMarker(Path marker, List<IdmapEntry> map) throws IOException {
        if (map.isEmpty()) {
            Files.deleteIfExists(marker);
        } else {
            Files.writeString(marker, String.join("\n", IdmapJson.lxcLines(map)));
        }
    }

    private static long shiftOne(Path path, List<IdmapEntry> from, List<IdmapEntry> to) {
        try {
            int uid = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int gid = (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
            long hostUid = IdmapJson.reshift(from, to, uid, true);
            long hostGid = IdmapJson.reshift(from, to, gid, false);
            boolean link = Files.isSymbolicLink(path);
            int rawMode = link ? 0 : (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if (hostUid == uid && hostGid == gid) {
                return 0;
            }
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
