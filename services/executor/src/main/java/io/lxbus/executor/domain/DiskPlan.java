package io.lxbus.executor.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What makes a running container's host disks what its record asks for, given the disks lxbus mounted into it
 * ({@code applied}, remembered beside its config) and the mount points it really has: removed or changed disks are
 * unmounted (children first), then every wanted disk that is not mounted is mounted (parents first). Asked again
 * after a crash at any point, it only does what is still missing.
 */
public final class DiskPlan {

    /** One step on the running container. */
    public sealed interface Change {
        /** The disk to act on. */
        HostDisk disk();
    }

    /** Unmount what lxbus mounted at {@code disk.path()} and forget the disk. */
    public record Unmount(HostDisk disk) implements Change {
    }

    /** Remember the disk, then mount it at {@code disk.path()}. */
    public record Mount(HostDisk disk) implements Change {
    }

    private DiskPlan() {
    }

    /**
     * The steps, in order.
     *
     * @param wanted  the host disks of the record
     * @param applied the disks lxbus mounted (or was about to mount) into the running container
     * @param mounted the container's mount points (paths as it sees them)
     */
    public static List<Change> changes(List<HostDisk> wanted, List<HostDisk> applied, Set<String> mounted) {
        Map<String, HostDisk> wantedByName = byName(wanted);
        List<Change> changes = new ArrayList<>();
        applied.stream()
                .filter(old -> !old.equals(wantedByName.get(old.name())))
                .sorted(Comparator.comparing(HostDisk::path).reversed())
                .forEach(old -> changes.add(new Unmount(old)));
        Set<String> vacated = changes.stream().map(c -> c.disk().path()).collect(Collectors.toSet());
        wanted.stream()
                .sorted(Comparator.comparing(HostDisk::path))
                .filter(disk -> !mounted.contains(disk.path()) || vacated.contains(disk.path())
                        || !applied.contains(disk))
                .forEach(disk -> changes.add(new Mount(disk)));
        return changes;
    }

    private static Map<String, HostDisk> byName(List<HostDisk> disks) {
        return disks.stream().collect(Collectors.toMap(HostDisk::name, Function.identity(), (a, b) -> a));
    }
}
