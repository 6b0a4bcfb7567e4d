package io.lxbus.storage.domain;

import io.lxbus.events.Instance;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.Keys;
import io.lxbus.events.Snapshot;
import io.lxbus.events.Volume;
import io.lxbus.storage.domain.VolumeStep.CreateSnapshotVolume;
import io.lxbus.storage.domain.VolumeStep.DeleteInstanceSnapshots;
import io.lxbus.storage.domain.VolumeStep.DeleteSnapshotVolume;
import io.lxbus.storage.domain.VolumeStep.FailSnapshotVolume;
import io.lxbus.storage.domain.VolumeStep.MoveVolumeRecord;
import io.lxbus.storage.domain.VolumeStep.VolumeRef;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The snapshot half of the volume plan: snapshot records against this host's snapshot volumes and folders
 * ({@code containers-snapshots/<instance uuid>/<snapshot uuid>}). Snapshot volumes are matched by the snapshot's
 * uuid, so renaming an instance or a snapshot only moves the record.
 */
final class SnapshotPlanner {
    private SnapshotPlanner() {
    }

    /** Steps for the live snapshots of this host's instances. */
    static void plan(HostSnapshot s, Map<String, Instance> mine, List<VolumeStep> steps) {
        Map<String, Map.Entry<String, Volume>> volumes = volumesBySnapshot(s);
        Map<String, Snapshot> all = snapshotsByUuid(s);
        for (Snapshot snapshot : s.snapshots()) {
            Instance parent = mine.get(snapshot.instanceUuid());
            if (parent == null || parent.status() == InstanceStatus.DELETING || snapshot.uuid() == null) {
                continue;
            }
            String pool = poolOf(snapshot, parent);
            String key = Keys.volume(snapshot.project(), pool, VolumePlanner.CONTAINER, snapshot.fullName());
            Map.Entry<String, Volume> entry = volumes.get(snapshot.uuid());
            boolean folder = s.snapshotFolders().getOrDefault(pool, Map.of())
                    .getOrDefault(snapshot.instanceUuid(), Set.of()).contains(snapshot.uuid());
            if (Snapshot.DELETING.equals(snapshot.status())) {
                if (entry != null || folder) {
                    steps.add(new DeleteSnapshotVolume(pool, snapshot.instanceUuid(), snapshot.uuid(),
                            entry == null ? List.of() : List.of(entry.getKey())));
                }
            } else if (entry != null && !entry.getKey().equals(key)) {
                Volume old = entry.getValue();
                steps.add(new MoveVolumeRecord(entry.getKey(), new Volume(snapshot.project(), pool, old.type(),
                        snapshot.fullName(), old.contentType(), old.description(), old.config(), old.host(),
                        old.path(), old.instanceUuid(), old.sourceImage(), old.status(), old.error(), old.revision(),
                        old.createdAt(), old.snapshotUuid(), old.lastOperationId())));
            } else if (entry == null && Snapshot.CREATING.equals(snapshot.status())) {
                Optional<VolumeRef> from = source(snapshot, parent, all);
                steps.add(from.<VolumeStep>map(ref -> new CreateSnapshotVolume(snapshot, ref))
                        .orElseGet(() -> new FailSnapshotVolume(snapshot, "The snapshot copied is gone")));
            }
        }
    }

    /** An instance being deleted loses every snapshot folder and snapshot volume record. */
    static void deleting(HostSnapshot s, Instance instance, String pool, List<VolumeStep> steps) {
        List<String> keys = volumesBySnapshot(s).values().stream()
                .filter(e -> instance.uuid().equals(e.getValue().instanceUuid())).map(Map.Entry::getKey).toList();
        boolean folders = s.snapshotFolders().values().stream().anyMatch(f -> f.containsKey(instance.uuid()));
        if (!keys.isEmpty() || folders) {
            steps.add(new DeleteInstanceSnapshots(pool, instance.uuid(), keys));
        }
    }

    /** Full pass only: snapshot folders and records that no live snapshot owns. */
    static void orphans(HostSnapshot s, Map<String, Instance> mine, List<VolumeStep> steps) {
        Map<String, Snapshot> live = snapshotsByUuid(s);
        Set<String> handled = new HashSet<>();
        volumesBySnapshot(s).forEach((uuid, entry) -> {
            Volume v = entry.getValue();
            if (!live.containsKey(uuid) && v.instanceUuid() != null) {
                steps.add(new DeleteSnapshotVolume(v.pool(), v.instanceUuid(), uuid, List.of(entry.getKey())));
                handled.add(uuid);
            }
        });
        s.snapshotFolders().forEach((pool, byInstance) -> byInstance.forEach((instanceUuid, uuids) -> {
            if (!mine.containsKey(instanceUuid)) {
                steps.add(new DeleteInstanceSnapshots(pool, instanceUuid, List.of()));
                return;
            }
            uuids.stream().filter(u -> !live.containsKey(u) && !handled.contains(u)).sorted()
                    .forEach(u -> steps.add(new DeleteSnapshotVolume(pool, instanceUuid, u, List.of())));
        }));
    }

    /** Where a new snapshot's files come from: its instance's root, or (for a copied instance) the snapshot copied. */
    private static Optional<VolumeRef> source(Snapshot snapshot, Instance parent, Map<String, Snapshot> all) {
        if (snapshot.copyOf() == null) {
            return Optional.of(new VolumeRef(VolumePlanner.poolOf(parent), parent.uuid(), null));
        }
        Snapshot original = all.get(snapshot.copyOf());
        return original == null ? Optional.empty() : Optional.of(new VolumeRef(
                original.pool() == null ? VolumePlanner.DEFAULT_POOL : original.pool(), original.instanceUuid(),
                original.uuid()));
    }

    static Map<String, Snapshot> snapshotsByUuid(HostSnapshot s) {
        Map<String, Snapshot> all = new HashMap<>();
        s.snapshots().stream().filter(x -> x.uuid() != null).forEach(x -> all.put(x.uuid(), x));
        return all;
    }

    private static Map<String, Map.Entry<String, Volume>> volumesBySnapshot(HostSnapshot s) {
        Map<String, Map.Entry<String, Volume>> found = new HashMap<>();
        s.volumes().entrySet().stream()
                .filter(e -> e.getValue().isSnapshot() && e.getValue().snapshotUuid() != null)
                .forEach(e -> found.put(e.getValue().snapshotUuid(), e));
        return found;
    }

    private static String poolOf(Snapshot snapshot, Instance parent) {
        return snapshot.pool() == null || snapshot.pool().isEmpty() ? VolumePlanner.poolOf(parent) : snapshot.pool();
    }
}
