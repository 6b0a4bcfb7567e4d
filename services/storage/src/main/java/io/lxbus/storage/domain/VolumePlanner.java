package io.lxbus.storage.domain;

import io.lxbus.events.Image;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.Keys;
import io.lxbus.events.Volume;
import io.lxbus.events.PendingAction;
import io.lxbus.events.PowerState;
import io.lxbus.events.Snapshot;
import io.lxbus.storage.domain.VolumeStep.AdoptRootVolume;
import io.lxbus.storage.domain.VolumeStep.CopyRootVolume;
import io.lxbus.storage.domain.VolumeStep.RestoreRootVolume;
import io.lxbus.storage.domain.VolumeStep.VolumeRef;
import io.lxbus.storage.domain.VolumeStep.CreateRootVolume;
import io.lxbus.storage.domain.VolumeStep.DeleteRootVolume;
import io.lxbus.storage.domain.VolumeStep.FailRootVolume;
import io.lxbus.storage.domain.VolumeStep.MoveVolumeRecord;
import io.lxbus.storage.domain.VolumeStep.RemoveImageCopy;
import io.lxbus.storage.domain.VolumeStep.RemoveImageFiles;
import io.lxbus.storage.domain.VolumeStep.RemoveOrphanFolder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compares instance records with this host's volumes and folders and lists the steps that make them agree.
 * Removing things nobody asked to delete (orphans) happens only on a full pass, when the view is caught up.
 */
public final class VolumePlanner {
    /** The volume type of instance root volumes. */
    public static final String CONTAINER = "container";
    /** The volume type of unpacked images. */
    public static final String IMAGE = "image";
    /** A volume that is ready. */
    public static final String CREATED = "Created";
    /** A volume that could not be made. */
    public static final String ERROR = "Error";
    /** The pending action of a restore (the instance service's). */
    public static final String RESTORE = "restore";
    /** The pool an instance without one uses. */
    public static final String DEFAULT_POOL = "default";

    /** The steps, in order: creates and moves first, then deletes, then orphans (full pass only). */
    public List<VolumeStep> plan(HostSnapshot s, boolean fullPass) {
        List<VolumeStep> steps = new ArrayList<>();
        Map<String, Instance> mine = new HashMap<>();
        for (Instance instance : s.instances()) {
            if (s.host().equals(instance.host()) && instance.uuid() != null) {
                mine.put(instance.uuid(), instance);
            }
        }
        Map<String, List<Map.Entry<String, Volume>>> volumesByUuid = new HashMap<>();
        for (Map.Entry<String, Volume> entry : s.volumes().entrySet()) {
            Volume v = entry.getValue();
            if (CONTAINER.equals(v.type()) && v.instanceUuid() != null && !v.isSnapshot()) {
                volumesByUuid.computeIfAbsent(v.instanceUuid(), u -> new ArrayList<>()).add(entry);
            }
        }
        for (Instance instance : mine.values()) {
            planInstance(s, instance, volumesByUuid.getOrDefault(instance.uuid(), List.of()), steps);
        }
        SnapshotPlanner.plan(s, mine, steps);
        if (!fullPass) {
            return steps;
        }
        SnapshotPlanner.orphans(s, mine, steps);
        Set<String> handled = new HashSet<>();
        volumesByUuid.forEach((uuid, volumes) -> {
            if (!mine.containsKey(uuid)) {
                String pool = volumes.get(0).getValue().pool();
                steps.add(new DeleteRootVolume(pool, uuid, volumes.stream().map(Map.Entry::getKey).toList()));
                handled.add(pool + "/" + uuid);
            }
        });
        s.containerFolders().forEach((pool, uuids) -> uuids.forEach(uuid -> {
            if (!mine.containsKey(uuid) && !handled.contains(pool + "/" + uuid)) {
                steps.add(new RemoveOrphanFolder(pool, uuid));
            }
        }));
        Set<String> liveImages = new HashSet<>();
        s.images().values().forEach(image -> liveImages.add(image.fingerprint()));
        Map<String, Set<String>> imageCopies = new HashMap<>();
        s.imageFolders().forEach((pool, fps) -> imageCopies.computeIfAbsent(pool, p -> new HashSet<>()).addAll(fps));
        s.volumes().values().stream().filter(v -> IMAGE.equals(v.type()))
                .forEach(v -> imageCopies.computeIfAbsent(v.pool(), p -> new HashSet<>()).add(v.name()));
        imageCopies.forEach((pool, fps) -> fps.stream().filter(fp -> !liveImages.contains(fp)).sorted().forEach(fp ->
                steps.add(new RemoveImageCopy(pool, fp, s.volumes().entrySet().stream()
                        .filter(e -> IMAGE.equals(e.getValue().type()) && pool.equals(e.getValue().pool())
                                && fp.equals(e.getValue().name()))
                        .map(Map.Entry::getKey).sorted().toList()))));
        s.imageFiles().stream().filter(fp -> !liveImages.contains(fp) && !s.importing().contains(fp)).sorted()
                .forEach(fp -> steps.add(new RemoveImageFiles(fp)));
        return steps;
    }

    private static void planInstance(HostSnapshot s, Instance instance, List<Map.Entry<String, Volume>> volumes,
                                     List<VolumeStep> steps) {
        String pool = poolOf(instance);
        String key = Keys.volume(instance.project(), pool, CONTAINER, instance.name());
        boolean folder = s.containerFolders().getOrDefault(pool, Set.of()).contains(instance.uuid());
        if (instance.status() == InstanceStatus.DELETING) {
            SnapshotPlanner.deleting(s, instance, pool, steps);
            if (folder || !volumes.isEmpty()) {
                steps.add(new DeleteRootVolume(pool, instance.uuid(), volumes.stream().map(Map.Entry::getKey).toList()));
            }
            return;
        }
        Volume current = null;
        for (Map.Entry<String, Volume> entry : volumes) {
            if (entry.getKey().equals(key)) {
                current = entry.getValue();
            }
        }
        if (current == null && !volumes.isEmpty()) {
            Volume old = volumes.get(0).getValue();
            steps.add(new MoveVolumeRecord(volumes.get(0).getKey(), new Volume(instance.project(), pool, CONTAINER,
                    instance.name(), old.contentType(), old.description(), old.config(), old.host(), old.path(),
                    old.instanceUuid(), old.sourceImage(), old.status(), old.error(), old.revision(), old.createdAt())));
            return;
        }
        String fingerprint = fingerprintOf(instance);
        if (current != null) {
            if (CREATED.equals(current.status()) && !folder) {
                if (instance.status() == InstanceStatus.CREATING && instance.rootPath() == null) {
                    steps.add(makeRoot(s, instance, pool, fingerprint));
                } else {
                    steps.add(new FailRootVolume(instance, pool, fingerprint,
                            "The root volume's folder is missing on host " + s.host()));
                }
            }
            restore(s, instance, current, folder).ifPresent(steps::add);
            return;
        }
        if (instance.status() != InstanceStatus.CREATING || instance.rootPath() != null) {
            return;
        }
        if (folder) {
            steps.add(new AdoptRootVolume(instance, pool, fingerprint));
        } else if (!s.pools().containsKey(pool)) {
            steps.add(new FailRootVolume(instance, pool, fingerprint, "Storage pool \"" + pool + "\" not found"));
        } else if (instance.source() != null && instance.source().isCopy()) {
            if (!sourceBeingFrozen(s, instance)) {
                steps.add(makeRoot(s, instance, pool, fingerprint));
            }
        } else if (fingerprint == null) {
            steps.add(new FailRootVolume(instance, pool, null, "The instance names no source image"));
        } else {
            Image image = s.images().get(Keys.resource(instance.project(), fingerprint));
            if (image == null) {
                steps.add(new FailRootVolume(instance, pool, fingerprint, "Image not found"));
            } else {
                steps.add(new CreateRootVolume(instance, pool, fingerprint));
            }
        }
    }

    /** A new root volume: a clone of the image, or a copy of the instance or snapshot named by the source. */
    private static VolumeStep makeRoot(HostSnapshot s, Instance instance, String pool, String fingerprint) {
        if (instance.source() == null || !instance.source().isCopy()) {
            return new CreateRootVolume(instance, pool, fingerprint);
        }
        String from = instance.source().copyOf();
        for (Instance other : s.instances()) {
            if (from != null && from.equals(other.uuid())) {
                return new CopyRootVolume(instance, pool, fingerprint, new VolumeRef(poolOf(other), other.uuid(), null));
            }
        }
        Snapshot snapshot = from == null ? null : SnapshotPlanner.snapshotsByUuid(s).get(from);
        if (snapshot != null) {
            return new CopyRootVolume(instance, pool, fingerprint, new VolumeRef(snapshot.pool() == null
                    ? DEFAULT_POOL : snapshot.pool(), snapshot.instanceUuid(), snapshot.uuid()));
        }
        return new FailRootVolume(instance, pool, fingerprint, "The instance or snapshot to copy is gone");
    }

    /**
     * Whether the instance a copy is made from is being frozen for it (running, asked to be frozen): the instance
     * service freezes a running source on {@code dir} for the copy, as LXD does, and the files wait until it is.
     */
    private static boolean sourceBeingFrozen(HostSnapshot s, Instance copy) {
        String from = copy.source().copyOf();
        return from != null && s.instances().stream().anyMatch(other -> from.equals(other.uuid())
                && other.status() == InstanceStatus.RUNNING && other.power() == PowerState.FROZEN);
    }

    /** A stopped instance whose pending restore the root volume has not acknowledged yet. */
    private static Optional<VolumeStep> restore(HostSnapshot s, Instance instance, Volume root, boolean folder) {
        PendingAction pending = instance.pending();
        if (pending == null || !RESTORE.equals(pending.action()) || instance.status() != InstanceStatus.STOPPED
                || !folder || pending.operationId().equals(root.lastOperationId())) {
            return Optional.empty();
        }
        Snapshot snapshot = pending.snapshot() == null ? null : SnapshotPlanner.snapshotsByUuid(s).get(pending.snapshot());
        VolumeRef ref = snapshot == null ? null : new VolumeRef(snapshot.pool() == null ? DEFAULT_POOL
                : snapshot.pool(), snapshot.instanceUuid(), snapshot.uuid());
        return Optional.of(new RestoreRootVolume(instance, root, ref));
    }

    /** The pool of an instance's root disk. */
    public static String poolOf(Instance instance) {
        return instance.pool() == null || instance.pool().isEmpty() ? DEFAULT_POOL : instance.pool();
    }

    /** The fingerprint of the image an instance is made from. */
    public static String fingerprintOf(Instance instance) {
        if (instance.source() != null && instance.source().fingerprint() != null
                && !instance.source().fingerprint().isEmpty()) {
            return instance.source().fingerprint();
        }
        return instance.config() == null ? null : instance.config().get("volatile.base_image");
    }
}
