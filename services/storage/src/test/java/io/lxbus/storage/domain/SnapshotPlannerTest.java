package io.lxbus.storage.domain;

import io.lxbus.events.Instance;
import io.lxbus.events.InstanceSource;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.PendingAction;
import io.lxbus.events.Snapshot;
import io.lxbus.events.StoragePool;
import io.lxbus.events.Volume;
import io.lxbus.storage.domain.VolumeStep.CopyRootVolume;
import io.lxbus.storage.domain.VolumeStep.CreateSnapshotVolume;
import io.lxbus.storage.domain.VolumeStep.DeleteInstanceSnapshots;
import io.lxbus.storage.domain.VolumeStep.DeleteSnapshotVolume;
import io.lxbus.storage.domain.VolumeStep.MoveVolumeRecord;
import io.lxbus.storage.domain.VolumeStep.RestoreRootVolume;
import io.lxbus.storage.domain.VolumeStep.VolumeRef;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotPlannerTest {
    private final VolumePlanner planner = new VolumePlanner();

    private static Instance instance(String name, String uuid, InstanceStatus status, PendingAction pending,
                                     InstanceSource source) {
        return new Instance("default", name, uuid, "container", "", "x86_64", false, List.of(), Map.of(), Map.of(),
                Map.of(), Map.of(), source, "h1", "default", status == InstanceStatus.CREATING ? null : "/p/" + uuid,
                status, null, pending, 1, Instant.EPOCH, null, Instant.EPOCH);
    }

    private static Instance stopped(String name, String uuid) {
        return instance(name, uuid, InstanceStatus.STOPPED, null, new InstanceSource("image", "f", null));
    }

    private static Snapshot snapshot(String instance, String name, String uuid, String instanceUuid, String status,
                                     String copyOf) {
        return new Snapshot("default", instance, name, uuid, instanceUuid, "", "x86_64", false, List.of(), Map.of(),
                Map.of(), Map.of(), Map.of(), "h1", "default", copyOf, status, null, 1, Instant.EPOCH, null, null);
    }

    private static Volume root(String name, String uuid, String lastOperationId) {
        return new Volume("default", "default", "container", name, "filesystem", "", Map.of(), "h1", "/p/" + uuid,
                uuid, "f", "Created", null, 1, Instant.EPOCH, null, lastOperationId);
    }

    private static Volume snapshotVolume(String name, String instanceUuid, String uuid) {
        return new Volume("default", "default", "container", name, "filesystem", "", Map.of(), "h1", "/s/" + uuid,
                instanceUuid, "f", "Created", null, 1, Instant.EPOCH, uuid, null);
    }

    private static HostSnapshot host(List<Instance> instances, Map<String, Volume> volumes, List<Snapshot> snapshots,
                                     Map<String, Set<String>> snapshotFolders, Set<String> roots) {
        return new HostSnapshot("h1", instances, volumes, Map.of("default", new StoragePool("default", "dir", "",
                Map.of("source", "/p"), "Created", 1, Instant.EPOCH)), Map.of(), Map.of("default", roots),
                Map.of("default", Set.of()), Set.of(), Set.of(), snapshots, Map.of("default", snapshotFolders));
    }

    @Test
    void aNewSnapshotCopiesItsInstancesRootAndACopiedOneCopiesTheOriginal() {
        Instance c1 = stopped("c1", "u1");
        Instance c2 = instance("c2", "u2", InstanceStatus.CREATING, null,
                new InstanceSource("copy", "f", null, "c1", "u1", false));
        List<VolumeStep> steps = planner.plan(host(List.of(c1, c2), Map.of("default/default/container/c1",
                        root("c1", "u1", null)), List.of(snapshot("c1", "s1", "s-1", "u1", Snapshot.CREATING, null),
                        snapshot("c2", "s1", "s-2", "u2", Snapshot.CREATING, "s-1")), Map.of(), Set.of("u1")),
                false);
        assertThat(steps).contains(new CopyRootVolume(c2, "default", "f", new VolumeRef("default", "u1", null)));
        assertThat(steps).filteredOn(CreateSnapshotVolume.class::isInstance)
                .extracting(s -> ((CreateSnapshotVolume) s).from())
                .containsExactlyInAnyOrder(new VolumeRef("default", "u1", null), new VolumeRef("default", "u1", "s-1"));
    }

    @Test
    void aCopyWaitsWhileItsRunningSourceIsBeingFrozenForIt() {
        Instance c2 = instance("c2", "u2", InstanceStatus.CREATING, null,
                new InstanceSource("copy", "f", null, "c1", "u1", true));
        Map<String, Volume> volumes = Map.of("default/default/container/c1", root("c1", "u1", null));
        for (InstanceStatus status : List.of(InstanceStatus.RUNNING, InstanceStatus.FROZEN)) {
            Instance c1 = new Instance("default", "c1", "u1", "container", "", "x86_64", false, List.of(), Map.of(),
                    Map.of(), Map.of(), Map.of(), new InstanceSource("image", "f", null), "h1", "default", "/p/u1",
                    status, io.lxbus.events.PowerState.FROZEN, null, 1, Instant.EPOCH, null, Instant.EPOCH);
            List<VolumeStep> steps = planner.plan(host(List.of(c1, c2), volumes, List.of(), Map.of(), Set.of("u1")),
                    false);
            assertThat(steps.stream().anyMatch(CopyRootVolume.class::isInstance))
                    .as("copy while the source is %s", status).isEqualTo(status == InstanceStatus.FROZEN);
        }
    }

    @Test
    void renamedSnapshotsMoveTheirRecordAndDeletedOnesTheirFolder() {
        Instance c1 = stopped("c1", "u1");
        Map<String, Volume> volumes = Map.of("default/default/container/c1", root("c1", "u1", null),
                "default/default/container/c1/old", snapshotVolume("c1/old", "u1", "s-1"),
                "default/default/container/c1/s2", snapshotVolume("c1/s2", "u1", "s-2"));
        List<VolumeStep> steps = planner.plan(host(List.of(c1), volumes, List.of(
                snapshot("c1", "new", "s-1", "u1", Snapshot.CREATED, null),
                snapshot("c1", "s2", "s-2", "u1", Snapshot.DELETING, null)), Map.of("u1", Set.of("s-1", "s-2")),
                Set.of("u1")), false);
        assertThat(steps).hasSize(2);
        assertThat(steps.get(0)).isInstanceOf(MoveVolumeRecord.class);
        assertThat(((MoveVolumeRecord) steps.get(0)).moved().name()).isEqualTo("c1/new");
        assertThat(((MoveVolumeRecord) steps.get(0)).moved().snapshotUuid()).isEqualTo("s-1");
        assertThat(steps.get(1)).isEqualTo(new DeleteSnapshotVolume("default", "u1", "s-2",
                List.of("default/default/container/c1/s2")));
    }

    @Test
    void aPendingRestoreIsCarriedOutOnceAndADeletedInstanceLosesEverySnapshot() {
        PendingAction restore = new PendingAction("op1", "cmd1", "restore", false, -1, null, Instant.EPOCH, "s-1");
        Instance c1 = instance("c1", "u1", InstanceStatus.STOPPED, restore, new InstanceSource("image", "f", null));
        List<Snapshot> snapshots = List.of(snapshot("c1", "s1", "s-1", "u1", Snapshot.CREATED, null));
        Map<String, Set<String>> folders = Map.of("u1", Set.of("s-1"));
        Volume s1 = snapshotVolume("c1/s1", "u1", "s-1");
        List<VolumeStep> steps = planner.plan(host(List.of(c1), Map.of("default/default/container/c1",
                root("c1", "u1", null), "default/default/container/c1/s1", s1), snapshots, folders, Set.of("u1")),
                false);
        assertThat(steps).containsExactly(new RestoreRootVolume(c1, root("c1", "u1", null),
                new VolumeRef("default", "u1", "s-1")));
        assertThat(planner.plan(host(List.of(c1), Map.of("default/default/container/c1", root("c1", "u1", "op1"),
                "default/default/container/c1/s1", s1), snapshots, folders, Set.of("u1")), false)).isEmpty();

        Instance deleting = instance("c1", "u1", InstanceStatus.DELETING, null, new InstanceSource("image", "f", null));
        assertThat(planner.plan(host(List.of(deleting), Map.of("default/default/container/c1/s1", s1), snapshots,
                folders, Set.of()), false))
                .containsExactly(new DeleteInstanceSnapshots("default", "u1", List.of("default/default/container/c1/s1")));
    }

    @Test
    void aFullPassRemovesSnapshotFoldersNobodyOwns() {
        Instance c1 = stopped("c1", "u1");
        List<VolumeStep> steps = planner.plan(host(List.of(c1), Map.of("default/default/container/c1",
                root("c1", "u1", null)), List.of(), Map.of("u1", Set.of("s-9"), "gone", Set.of("s-8")), Set.of("u1")),
                true);
        assertThat(steps).containsExactlyInAnyOrder(new DeleteSnapshotVolume("default", "u1", "s-9", List.of()),
                new DeleteInstanceSnapshots("default", "gone", List.of()));
    }
}
