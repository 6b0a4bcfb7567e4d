package io.lxbus.storage.domain;

import io.lxbus.events.Image;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceSource;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.StoragePool;
import io.lxbus.events.Volume;
import io.lxbus.storage.domain.VolumeStep.AdoptRootVolume;
import io.lxbus.storage.domain.VolumeStep.CreateRootVolume;
import io.lxbus.storage.domain.VolumeStep.DeleteRootVolume;
import io.lxbus.storage.domain.VolumeStep.FailRootVolume;
import io.lxbus.storage.domain.VolumeStep.MoveVolumeRecord;
import io.lxbus.storage.domain.VolumeStep.RemoveImageCopy;
import io.lxbus.storage.domain.VolumeStep.RemoveImageFiles;
import io.lxbus.storage.domain.VolumeStep.RemoveOrphanFolder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class VolumePlannerTest {
    private static final String FP = "f".repeat(64);
    private final VolumePlanner planner = new VolumePlanner();
    private final Map<String, StoragePool> pools = Map.of("default", new StoragePool("default", "dir", "",
            Map.of("source", "/p"), "Created", 1, Instant.EPOCH));
    private final Map<String, Image> images = Map.of("default/" + FP, new Image("default", FP, "container", "", 1,
            "x86_64", Map.of(), false, false, List.of(), Instant.EPOCH, Instant.EPOCH, null, 1));

    private static Instance instance(String name, String uuid, InstanceStatus status, String host) {
        return new Instance("default", name, uuid, "container", "", "x86_64", false, List.of(), Map.of(), Map.of(),
                Map.of(), Map.of(), new InstanceSource("image", FP, null), host, "default", null, status, null, null,
                1, Instant.EPOCH, null, Instant.EPOCH);
    }

    private static Volume volume(String name, String uuid) {
        return new Volume("default", "default", "container", name, "filesystem", "", Map.of(), "h1",
                "/p/containers/" + uuid, uuid, FP, "Created", null, 1, Instant.EPOCH);
    }

    private HostSnapshot snapshot(List<Instance> instances, Map<String, Volume> volumes, Set<String> folders) {
        return new HostSnapshot("h1", instances, volumes, pools, images, Map.of("default", folders),
                Map.of("default", Set.of()), Set.of(), Set.of());
    }

    @Test
    void createsOnlyForThisHostsCreatingInstances() {
        List<VolumeStep> steps = planner.plan(snapshot(List.of(instance("c1", "u1", InstanceStatus.CREATING, "h1"),
                instance("c2", "u2", InstanceStatus.CREATING, "h2")), Map.of(), Set.of()), false);
        assertThat(steps).hasSize(1).first().isInstanceOf(CreateRootVolume.class);
    }

    @Test
    void aFinishedCloneWithoutRecordIsAdopted() {
        List<VolumeStep> steps = planner.plan(snapshot(List.of(instance("c1", "u1", InstanceStatus.CREATING, "h1")),
                Map.of(), Set.of("u1")), false);
        assertThat(steps).hasSize(1).first().isInstanceOf(AdoptRootVolume.class);
    }

    @Test
    void aMissingImageFailsTheVolume() {
        Instance c1 = instance("c1", "u1", InstanceStatus.CREATING, "h1");
        HostSnapshot s = new HostSnapshot("h1", List.of(c1), Map.of(), pools, Map.of(), Map.of(), Map.of(), Set.of(),
                Set.of());
        assertThat(planner.plan(s, false)).containsExactly(new FailRootVolume(c1, "default", FP, "Image not found"));
    }

    @Test
    void deletingRemovesFolderAndRecord() {
        List<VolumeStep> steps = planner.plan(snapshot(List.of(instance("c1", "u1", InstanceStatus.DELETING, "h1")),
                Map.of("default/default/container/c1", volume("c1", "u1")), Set.of("u1")), false);
        assertThat(steps).containsExactly(new DeleteRootVolume("default", "u1", List.of("default/default/container/c1")));
    }

    @Test
    void aRenameMovesTheRecord() {
        List<VolumeStep> steps = planner.plan(snapshot(List.of(instance("c9", "u1", InstanceStatus.STOPPED, "h1")),
                Map.of("default/default/container/c1", volume("c1", "u1")), Set.of("u1")), false);
        assertThat(steps).hasSize(1);
        MoveVolumeRecord move = (MoveVolumeRecord) steps.get(0);
        assertThat(move.oldKey()).isEqualTo("default/default/container/c1");
        assertThat(move.moved().name()).isEqualTo("c9");
        assertThat(move.moved().path()).isEqualTo("/p/containers/u1");
    }

    @Test
    void orphansGoOnlyOnAFullPass() {
        HostSnapshot s = new HostSnapshot("h1", List.of(), Map.of("default/default/container/c1", volume("c1", "u1")),
                pools, Map.of(), Map.of("default", Set.of("u1", "u2")), Map.of("default", Set.of(FP)), Set.of(FP, "x"),
                Set.of("x"));
        assertThat(planner.plan(s, false)).isEmpty();
        assertThat(planner.plan(s, true)).containsExactly(
                new DeleteRootVolume("default", "u1", List.of("default/default/container/c1")),
                new RemoveOrphanFolder("default", "u2"),
                new RemoveImageCopy("default", FP, List.of()),
                new RemoveImageFiles(FP));
    }
}
