package io.lxbus.instance.domain;

import io.lxbus.events.Actions;
import io.lxbus.events.ErrorCode;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceRuntime;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.PendingAction;
import io.lxbus.events.PowerState;
import io.lxbus.events.Snapshot;
import io.lxbus.events.StoragePool;
import io.lxbus.events.Volume;
import io.lxbus.instance.domain.InstanceDecision.Applied;
import io.lxbus.instance.domain.InstanceDecision.Fact;
import io.lxbus.instance.domain.InstanceDecision.InstanceWrite;
import io.lxbus.instance.domain.InstanceDecision.Reply;
import io.lxbus.instance.domain.InstanceDecision.SnapshotWrite;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of a running instance on a pool whose driver needs it (LXD's {@code RunningCopyFreeze}, {@code dir})
 * freezes the instance for the copy, as LXD's {@code CreateInstanceSnapshot} does: freeze ({@code instance-paused})
 * → storage copies → snapshot created ({@code instance-snapshot-created}) → unfreeze ({@code instance-resumed}) →
 * the answer. Each step is the instance's {@code pending} with an internal operation id carrying the command's;
 * the executor freezes and thaws as for any freeze. Whatever fails after the freeze, the thaw still runs before the
 * answer, so a failed snapshot never leaves the instance frozen.
 */
final class SnapshotFreeze {
    private static final String FREEZE = InstanceReactions.INTERNAL + "snapshot-freeze:";
    private static final String COPY = InstanceReactions.INTERNAL + "snapshot-frozen:";
    private static final String THAW = InstanceReactions.INTERNAL + "snapshot-thaw:";

    private SnapshotFreeze() {
    }

    /** Whether a snapshot of {@code instance} now must freeze it: running, not frozen, on such a pool. */
    static boolean needed(Instance instance, InstanceWorld world) {
        return instance.status() == InstanceStatus.RUNNING && instance.pool() != null
                && world.pool(instance.pool()).map(StoragePool::freezesRunningCopy).orElse(false);
    }

    /** The instance's first step: freeze it under an internal operation id that carries the snapshot's. */
    static void freeze(InstanceDraft draft, PendingAction snapshot) {
        draft.power = PowerState.FROZEN;
        draft.pending = step(snapshot, FREEZE, "freeze");
    }

    /** Whether the instance is in one of a snapshot's freeze steps (so the plain snapshot reactions keep off). */
    static boolean inProgress(Instance instance, Snapshot snapshot) {
        PendingAction pending = instance.pending();
        PendingAction mine = snapshot.pending();
        if (pending == null || mine == null) {
            return false;
        }
        String op = pending.operationId();
        return op.equals(FREEZE + mine.operationId()) || op.equals(COPY + mine.operationId())
                || op.equals(THAW + mine.operationId());
    }

    /** The next step of the snapshot's freeze, or nothing while the executor or storage is still at work. */
    static Applied react(Instance instance, Snapshot snapshot, Optional<Volume> volume, InstanceWorld world,
                         long revision, Instant now) {
        PendingAction mine = snapshot.pending();
        String op = instance.pending().operationId();
        Optional<InstanceRuntime> ack = world.runtime(instance.project(), instance.name())
                .filter(r -> instance.uuid().equals(r.instanceUuid()) && op.equals(r.lastOperationId()));
        if (op.equals(FREEZE + mine.operationId())) {
            return ack.map(r -> frozen(instance, snapshot, r, revision, now)).orElse(Applied.nothing());
        }
        if (op.equals(COPY + mine.operationId())) {
            return volume.map(v -> copied(instance, snapshot, v, revision, now)).orElse(Applied.nothing());
        }
        return ack.map(r -> thawed(instance, snapshot, volume, r, revision, now)).orElse(Applied.nothing());
    }

    /** The freeze is acknowledged: storage may copy now (or, if it failed, the snapshot is given up). */
    private static Applied frozen(Instance instance, Snapshot snapshot, InstanceRuntime host, long revision,
                                  Instant now) {
        PendingAction mine = snapshot.pending();
        InstanceDraft draft = new InstanceDraft(instance);
        InstanceStatus real = InstanceReactions.status(host.status()).orElse(instance.status());
        draft.status = real;
        if (failed(host)) {
            draft.pending = null;
            draft.power = real == InstanceStatus.FROZEN ? PowerState.RUNNING : InstanceReactions.power(real);
            return new Applied(write(instance, draft, revision, now), List.of(),
                    failure(mine, snapshot, "Freezing the instance for the snapshot failed: " + host.lastError()),
                    List.of(), List.of(tombstone(snapshot)), List.of());
        }
        draft.pending = step(mine, COPY, SnapshotRules.SNAPSHOT);
        Snapshot copying = SnapshotRules.withStatus(snapshot, Snapshot.CREATING, mine, revision);
        return new Applied(write(instance, draft, revision, now), List.of(fact(Actions.INSTANCE_PAUSED, instance,
                mine)), null, List.of(), List.of(SnapshotRules.write(copying)), List.of());
    }

    /** Storage is done: the snapshot exists (or failed); either way the instance is thawed before the answer. */
    private static Applied copied(Instance instance, Snapshot snapshot, Volume volume, long revision, Instant now) {
        PendingAction mine = snapshot.pending();
        InstanceDraft draft = new InstanceDraft(instance);
        draft.power = PowerState.RUNNING;
        draft.pending = step(mine, THAW, "unfreeze");
        if (!"Created".equals(volume.status())) {
            return new Applied(write(instance, draft, revision, now), List.of(), null, List.of());
        }
        Snapshot done = SnapshotRules.withStatus(snapshot, Snapshot.CREATED, mine, revision);
        return new Applied(write(instance, draft, revision, now), List.of(new Fact(
                Actions.INSTANCE_SNAPSHOT_CREATED, snapshot.project(), SnapshotRules.path(snapshot), Map.of(),
                mine.requestor())),
                null, List.of(), List.of(SnapshotRules.write(done)), List.of());
    }

    /** The thaw is acknowledged: the instance runs again, and the snapshot command is answered. */
    private static Applied thawed(Instance instance, Snapshot snapshot, Optional<Volume> volume, InstanceRuntime host,
                                  long revision, Instant now) {
        PendingAction mine = snapshot.pending();
        InstanceDraft draft = new InstanceDraft(instance);
        InstanceStatus real = InstanceReactions.status(host.status()).orElse(instance.status());
        draft.status = real;
        draft.power = InstanceReactions.power(real);
        draft.pending = null;
        List<Fact> facts = failed(host) ? List.of() : List.of(fact(Actions.INSTANCE_RESUMED, instance, mine));
        if (!Snapshot.CREATED.equals(snapshot.status())) {
            String why = volume.map(Volume::error).filter(e -> !e.isEmpty()).orElse("Creating the snapshot failed");
            return new Applied(write(instance, draft, revision, now), facts, failure(mine, snapshot, why), List.of(),
                    List.of(tombstone(snapshot)), List.of());
        }
        Snapshot done = SnapshotRules.withStatus(snapshot, Snapshot.CREATED, null, revision);
        Reply reply = failed(host)
                ? failure(mine, snapshot, "The snapshot was taken but unfreezing the instance failed: "
                + host.lastError())
                : new Reply(mine.operationId(), mine.commandId(), null, "", snapshot.project(),
                SnapshotRules.path(snapshot));
        return new Applied(write(instance, draft, revision, now), facts, reply, List.of(),
                List.of(SnapshotRules.write(done)), List.of());
    }

    private static PendingAction step(PendingAction snapshot, String prefix, String action) {
        return new PendingAction(prefix + snapshot.operationId(), snapshot.commandId(), action, false, -1,
                snapshot.requestor(), snapshot.requestedAt());
    }

    private static boolean failed(InstanceRuntime host) {
        return host.lastError() != null && !host.lastError().isEmpty();
    }

    private static Fact fact(String action, Instance instance, PendingAction mine) {
        return new Fact(action, instance.project(), instance.name(), Map.of(), mine.requestor());
    }

    private static Reply failure(PendingAction mine, Snapshot snapshot, String why) {
        return new Reply(mine.operationId(), mine.commandId(), ErrorCode.INTERNAL, why, snapshot.project(),
                snapshot.instance());
    }

    private static SnapshotWrite tombstone(Snapshot snapshot) {
        return new SnapshotWrite(snapshot.project(), snapshot.instance(), snapshot.name(), null);
    }

    private static List<InstanceWrite> write(Instance instance, InstanceDraft draft, long revision, Instant now) {
        return List.of(new InstanceWrite(instance.project(), instance.name(), draft.build(revision, now)));
    }
}
