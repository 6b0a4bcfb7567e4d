package io.lxbus.instance.domain;

import io.lxbus.events.Actions;
import io.lxbus.events.ErrorCode;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceRuntime;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.PendingAction;
import io.lxbus.events.PowerState;
import io.lxbus.events.Profile;
import io.lxbus.events.Snapshot;
import io.lxbus.events.Volume;
import io.lxbus.instance.domain.InstanceDecision.Applied;
import io.lxbus.instance.domain.InstanceDecision.Fact;
import io.lxbus.instance.domain.InstanceDecision.InstanceWrite;
import io.lxbus.instance.domain.InstanceDecision.Reply;
import io.lxbus.instance.domain.InstanceDecision.RestorationNote;
import io.lxbus.instance.domain.InstanceDecision.SnapshotWrite;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The snapshots' side of the state machine, driven by the snapshot volumes storage writes and, for a restore, by the
 * root volume's acknowledgement and the host's runtime record. Level-triggered like {@link InstanceReactions}: it is
 * asked before and after the instance's own reactions for every input about the instance.
 */
public final class SnapshotReactions {
    private static final String CONTAINER = "container";

    private SnapshotReactions() {
    }

    /** What the snapshot volumes and the restore steps of instance {@code name} call for now. */
    public static Applied react(String project, String name, InstanceWorld world, long revision, Instant now) {
        Optional<Instance> found = world.instance(project, name);
        if (found.isEmpty()) {
            return Applied.nothing();
        }
        Instance instance = found.get();
        List<Snapshot> snapshots = world.snapshots(project, name);
        List<Volume> volumes = world.snapshotVolumes(project, instance.pool());
        if (instance.status() == InstanceStatus.DELETING) {
            return deleting(instance, snapshots, volumes, world);
        }
        Optional<Restoration> note = world.restoration(project, name);
        if (note.isPresent()) {
            return restoring(instance, note.get(), world, revision, now);
        }
        Applied total = Applied.nothing();
        for (Snapshot snapshot : snapshots) {
            Optional<Volume> volume = volumeOf(snapshot, volumes);
            if (SnapshotFreeze.inProgress(instance, snapshot)) {
                total = total.then(SnapshotFreeze.react(instance, snapshot, volume, world, revision, now));
            } else if (Snapshot.CREATING.equals(snapshot.status()) && volume.isPresent()) {
                total = total.then(created(instance, snapshot, volume.get(), revision, now));
            } else if (Snapshot.DELETING.equals(snapshot.status()) && volume.isEmpty()) {
                total = total.then(deleted(instance, snapshot, revision, now));
            }
            if (!total.writes().isEmpty()) {
                instance = total.writes().get(total.writes().size() - 1).instance();
            }
        }
        return total;
    }

    /** Whether every snapshot a copy brings along has its volume; the instance's creation waits for them. */
    public static boolean copiesReady(Instance instance, InstanceWorld world) {
        List<Volume> volumes = world.snapshotVolumes(instance.project(), instance.pool());
        return world.snapshots(instance.project(), instance.name()).stream()
                .allMatch(s -> volumeOf(s, volumes).filter(v -> "Created".equals(v.status())).isPresent());
    }

    /** Why a snapshot a copy brings along could not be made, or empty. */
    public static Optional<String> copyError(Instance instance, InstanceWorld world) {
        List<Volume> volumes = world.snapshotVolumes(instance.project(), instance.pool());
        return world.snapshots(instance.project(), instance.name()).stream()
                .map(s -> volumeOf(s, volumes)).flatMap(Optional::stream)
                .filter(v -> "Error".equals(v.status()))
                .map(v -> v.error() == null || v.error().isEmpty() ? "Copying a snapshot failed" : v.error())
                .findFirst();
    }

    private static Applied created(Instance instance, Snapshot snapshot, Volume volume, long revision, Instant now) {
        PendingAction pending = snapshot.pending();
        boolean ok = "Created".equals(volume.status());
        if (pending == null) {
            if (!ok || instance.status() == InstanceStatus.CREATING) {
                return Applied.nothing();
            }
            Snapshot done = SnapshotRules.with(snapshot, snapshot.name(), snapshot.description(),
                    snapshot.expiresAt(), Snapshot.CREATED, null, revision);
            return snapshots(List.of(SnapshotRules.write(done)));
        }
        List<InstanceWrite> writes = release(instance, pending, revision, now);
        if (!ok) {
            String why = volume.error() == null || volume.error().isEmpty() ? "Creating the snapshot failed"
                    : volume.error();
            return new Applied(writes, List.of(), failed(pending, instance, why), List.of(),
                    List.of(new SnapshotWrite(snapshot.project(), snapshot.instance(), snapshot.name(), null)),
                    List.of());
        }
        Snapshot done = SnapshotRules.withStatus(snapshot, Snapshot.CREATED, null, revision);
        return new Applied(writes, List.of(new Fact(Actions.INSTANCE_SNAPSHOT_CREATED, snapshot.project(),
                SnapshotRules.path(snapshot), Map.of(), pending.requestor())),
                okReply(pending, snapshot), List.of(), List.of(SnapshotRules.write(done)), List.of());
    }

    private static Applied deleted(Instance instance, Snapshot snapshot, long revision, Instant now) {
        PendingAction pending = snapshot.pending();
        List<InstanceWrite> writes = pending == null ? List.of() : release(instance, pending, revision, now);
        return new Applied(writes, List.of(new Fact(Actions.INSTANCE_SNAPSHOT_DELETED, snapshot.project(),
                SnapshotRules.path(snapshot), Map.of(), pending == null ? null : pending.requestor())),
                pending == null ? null : okReply(pending, snapshot), List.of(),
                List.of(new SnapshotWrite(snapshot.project(), snapshot.instance(), snapshot.name(), null)), List.of());
    }

    /** An instance being deleted: once storage removed every snapshot volume, the snapshot records go too. */
    private static Applied deleting(Instance instance, List<Snapshot> snapshots, List<Volume> volumes,
                                    InstanceWorld world) {
        if (snapshots.isEmpty() || volumes.stream().anyMatch(v -> instance.uuid().equals(v.instanceUuid()))) {
            return Applied.nothing();
        }
        boolean failedCreate = world.creation(instance.project(), instance.name())
                .map(c -> c.error() != null).orElse(false);
        List<Fact> facts = new ArrayList<>();
        List<SnapshotWrite> writes = new ArrayList<>();
        for (Snapshot snapshot : snapshots) {
            writes.add(new SnapshotWrite(snapshot.project(), snapshot.instance(), snapshot.name(), null));
            if (!failedCreate && Snapshot.CREATED.equals(snapshot.status())) {
                facts.add(new Fact(Actions.INSTANCE_SNAPSHOT_DELETED, snapshot.project(), SnapshotRules.path(snapshot),
                        Map.of(), instance.pending() == null ? null : instance.pending().requestor()));
            }
        }
        return new Applied(List.of(), facts, null, List.of(), writes, List.of());
    }

    /** The steps of a restore: stopped → files back → config back → started again (when it ran). */
    private static Applied restoring(Instance instance, Restoration note, InstanceWorld world, long revision,
                                     Instant now) {
        PendingAction pending = instance.pending();
        Optional<InstanceRuntime> runtime = world.runtime(instance.project(), instance.name())
                .filter(r -> instance.uuid().equals(r.instanceUuid()));
        String stop = SnapshotRules.stopOperation(note);
        if (pending != null && pending.operationId().equals(stop)) {
            if (runtime.isEmpty() || !stop.equals(runtime.get().lastOperationId())) {
                return Applied.nothing();
            }
            InstanceDraft draft = new InstanceDraft(instance);
            if (runtime.get().lastError() != null && !runtime.get().lastError().isEmpty()) {
                draft.pending = null;
                draft.power = PowerState.RUNNING;
                return finish(instance, draft.build(revision, now), note, List.of(),
                        "Stopping the instance for the restore failed: " + runtime.get().lastError());
            }
            draft.status = InstanceStatus.STOPPED;
            draft.pending = new PendingAction(note.operationId(), note.commandId(), SnapshotRules.RESTORE, false, -1,
                    note.requestor(), now, note.snapshotUuid());
            return new Applied(List.of(new InstanceWrite(instance.project(), instance.name(),
                    draft.build(revision, now))), List.of(), null, List.of());
        }
        if (pending != null && SnapshotRules.RESTORE.equals(pending.action())) {
            Optional<Volume> root = world.volume(instance.project(), instance.pool(), instance.type(), instance.name())
                    .filter(v -> note.operationId().equals(v.lastOperationId()));
            if (root.isEmpty()) {
                return Applied.nothing();
            }
            if (root.get().error() != null && !root.get().error().isEmpty()) {
                InstanceDraft draft = new InstanceDraft(instance);
                draft.pending = null;
                return finish(instance, draft.build(revision, now), note, List.of(), root.get().error());
            }
            InstanceDraft draft = restored(instance, world.snapshots(instance.project(), instance.name()).stream()
                    .filter(s -> s.uuid().equals(note.snapshotUuid())).findFirst(), world);
            if (note.wasRunning()) {
                draft.power = PowerState.RUNNING;
                draft.pending = new PendingAction(SnapshotRules.startOperation(note), note.commandId(), "start",
                        false, -1, note.requestor(), now);
                return new Applied(List.of(new InstanceWrite(instance.project(), instance.name(),
                        draft.build(revision, now))), List.of(), null, List.of());
            }
            draft.pending = null;
            return finish(instance, draft.build(revision, now), note, restoredFact(instance, note), null);
        }
        if (pending == null) {
            String error = instance.status() == InstanceStatus.RUNNING ? null
                    : "The instance was restored but did not start again: "
                    + runtime.map(InstanceRuntime::lastError).orElse("unknown error");
            return finish(instance, null, note, error == null ? restoredFact(instance, note) : List.of(), error);
        }
        return Applied.nothing();
    }

    /** The instance with the snapshot's config, devices, profiles and flags (server-owned volatile keys kept). */
    private static InstanceDraft restored(Instance instance, Optional<Snapshot> snapshot, InstanceWorld world) {
        InstanceDraft draft = new InstanceDraft(instance);
        draft.status = InstanceStatus.STOPPED;
        if (snapshot.isEmpty()) {
            return draft;
        }
        Snapshot s = snapshot.get();
        List<String> profiles = s.profiles() == null ? List.of() : s.profiles().stream()
                .filter(p -> world.find(instance.project(), p).isPresent()).toList();
        List<Profile> applied = profiles.stream().map(p -> world.find(instance.project(), p))
                .flatMap(Optional::stream).toList();
        draft.config = new LinkedHashMap<>(VolatileKeys.replace(instance.config(),
                s.config() == null ? Map.of() : s.config()));
        draft.devices = s.devices() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(s.devices());
        draft.profiles = profiles;
        draft.ephemeral = s.ephemeral();
        draft.description = s.description() == null || s.description().isEmpty() ? instance.description()
                : s.description();
        draft.expandedConfig = ProfileExpansion.config(applied, draft.config);
        draft.expandedDevices = ProfileExpansion.devices(applied, draft.devices);
        return draft;
    }

    private static List<Fact> restoredFact(Instance instance, Restoration note) {
        return List.of(new Fact(Actions.INSTANCE_RESTORED, instance.project(), instance.name(),
                Map.of("snapshot", instance.name() + "/" + note.snapshot()), note.requestor()));
    }

    /** Ends a restore: the record (if changed), the events, the answer, and the note forgotten. */
    private static Applied finish(Instance instance, Instance changed, Restoration note, List<Fact> facts,
                                  String error) {
        Reply reply = new Reply(note.operationId(), note.commandId(), error == null ? null : ErrorCode.INTERNAL,
                error == null ? "" : error, instance.project(), instance.name());
        return new Applied(changed == null ? List.of() : List.of(new InstanceWrite(instance.project(),
                instance.name(), changed)), facts, reply, List.of(), List.of(),
                List.of(new RestorationNote(instance.project(), instance.name(), null)));
    }

    /** Clears the instance's pending action when it is the snapshot command's. */
    private static List<InstanceWrite> release(Instance instance, PendingAction pending, long revision, Instant now) {
        if (instance.pending() == null || !pending.commandId().equals(instance.pending().commandId())) {
            return List.of();
        }
        InstanceDraft draft = new InstanceDraft(instance);
        draft.pending = null;
        return List.of(new InstanceWrite(instance.project(), instance.name(), draft.build(revision, now)));
    }

    /** The volume of a snapshot (matched by its uuid, so a rename in progress still finds it). */
    static Optional<Volume> volumeOf(Snapshot snapshot, List<Volume> volumes) {
        return volumes.stream().filter(v -> CONTAINER.equals(v.type()) && snapshot.uuid().equals(v.snapshotUuid()))
                .findFirst();
    }

    private static Reply okReply(PendingAction pending, Snapshot snapshot) {
        return new Reply(pending.operationId(), pending.commandId(), null, "", snapshot.project(),
                SnapshotRules.path(snapshot));
    }

    private static Reply failed(PendingAction pending, Instance instance, String why) {
        return new Reply(pending.operationId(), pending.commandId(), ErrorCode.INTERNAL, why, instance.project(),
                instance.name());
    }

    private static Applied snapshots(List<SnapshotWrite> writes) {
        return new Applied(List.of(), List.of(), null, List.of(), writes, List.of());
    }
}
