package io.lxbus.instance.domain;

import io.lxbus.events.Actions;
import io.lxbus.events.ErrorCode;
import io.lxbus.events.IdMap;
import io.lxbus.events.IdmapLedger;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceRuntime;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.PendingAction;
import io.lxbus.events.PowerState;
import io.lxbus.events.SharedIdmap;
import io.lxbus.events.Volume;
import io.lxbus.instance.domain.InstanceDecision.Applied;
import io.lxbus.instance.domain.InstanceDecision.CreationNote;
import io.lxbus.instance.domain.InstanceDecision.Fact;
import io.lxbus.instance.domain.InstanceDecision.InstanceWrite;
import io.lxbus.instance.domain.InstanceDecision.Reply;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The instance's state machine driven by what other owners wrote: its id map and root volume (create), the host's
 * runtime record (acknowledged actions, containers that stopped on their own) and the disappearance of all three
 * (delete). Level-triggered: given the instance and its side records it says what to change, so it may be asked
 * again at any time and changes nothing twice.
 */
public final class InstanceReactions {
    /** Operation ids of changes nobody asked for (an ephemeral instance deleted after it stopped); never answered. */
    public static final String INTERNAL = "internal:";
    private static final int MAX_STEPS = 4;

    private InstanceReactions() {
    }

    /** What the side records of instance {@code name} call for now; nothing when it is up to date. */
    public static Applied react(String project, String name, InstanceWorld world, long revision, Instant now) {
        Optional<Instance> instance = world.instance(project, name);
        if (instance.isEmpty()) {
            return Applied.nothing();
        }
        State state = new State(instance.get(), world.creation(project, name).orElse(null));
        Applied total = Applied.nothing();
        for (int i = 0; i < MAX_STEPS && state.instance != null; i++) {
            Applied step = step(state, world, revision, now);
            if (step.isEmpty()) {
                break;
            }
            total = total.then(step);
        }
        return total;
    }

    private static Applied step(State state, InstanceWorld world, long revision, Instant now) {
        Instance instance = state.instance;
        PendingAction pending = instance.pending();
        Optional<IdMap> map = world.idmap(instance.project(), instance.name())
                .filter(m -> sameInstance(m.instanceUuid(), instance));
        Optional<Volume> volume = world.volume(instance.project(), instance.pool(), instance.type(), instance.name())
                .filter(v -> sameInstance(v.instanceUuid(), instance));
        Optional<InstanceRuntime> runtime = world.runtime(instance.project(), instance.name())
                .filter(r -> sameInstance(r.instanceUuid(), instance));
        if (instance.status() == InstanceStatus.CREATING && pending != null) {
            return creating(state, map, volume, world, revision, now);
        }
        if (instance.status() == InstanceStatus.DELETING) {
            boolean gone = map.isEmpty() && volume.isEmpty() && runtime.isEmpty()
                    && world.snapshots(instance.project(), instance.name()).isEmpty()
                    && !CopyFreeze.holds(instance, world);
            return gone ? deleted(state) : Applied.nothing();
        }
        if (pending != null && IdmapLedger.REMAP.equals(pending.action())) {
            return remapped(state, map.filter(m -> pending.operationId().equals(m.operationId())), revision, now);
        }
        if (pending == null && map.isPresent() && newMap(instance, map.get())) {
            InstanceDraft draft = new InstanceDraft(instance);
            draft.local(VolatileKeys.IDMAP_BASE, Long.toString(map.get().base()));
            draft.local(VolatileKeys.IDMAP_NEXT, VolatileKeys.idmapJson(map.get().entries()));
            return write(state, draft.build(revision, now), null, null);
        }
        if (runtime.isEmpty()) {
            return Applied.nothing();
        }
        InstanceRuntime host = runtime.get();
        if (pending != null && pending.operationId().equals(host.lastOperationId())) {
            return acknowledged(state, host, revision, now);
        }
        if (pending == null && "Stopped".equals(host.status()) && "exited".equals(host.reason())
                && InstanceRules.isRunning(instance)) {
            InstanceDraft draft = new InstanceDraft(instance);
            draft.status = InstanceStatus.STOPPED;
            draft.power = PowerState.STOPPED;
            draft.local(VolatileKeys.LAST_POWER, PowerState.STOPPED.name());
            Applied stopped = write(state, draft.build(revision, now),
                    new Fact(Actions.INSTANCE_STOPPED, instance.project(), instance.name(), Map.of(), null), null);
            return instance.ephemeral() ? stopped.then(ephemeralDelete(state, revision, now)) : stopped;
        }
        return Applied.nothing();
    }

    private static Applied creating(State state, Optional<IdMap> written, Optional<Volume> volume, InstanceWorld world,
                                    long revision, Instant now) {
        Instance instance = state.instance;
        PendingAction pending = instance.pending();
        Optional<IdMap> map = written.or(() -> knownMap(instance, world));
        Optional<String> error = map.map(IdMap::error).filter(e -> !e.isEmpty())
                .or(() -> volume.filter(v -> "Error".equals(v.status()))
                        .map(v -> v.error() == null || v.error().isEmpty() ? "Creating the root volume failed"
                                : v.error()))
                .or(() -> SnapshotReactions.copyError(instance, world));
        boolean start = state.creation != null && state.creation.start();
        if (error.isPresent()) {
            Applied failing = failCreation(instance, state.creation, error.get(), revision, now);
            state.instance = failing.writes().get(0).instance();
            state.creation = failing.creations().get(0).creation();
            return failing;
        }
        if (map.isEmpty() || volume.isEmpty() || !"Created".equals(volume.get().status())
                || !SnapshotReactions.copiesReady(instance, world)) {
            return Applied.nothing();
        }
        InstanceDraft draft = new InstanceDraft(instance);
        draft.local(VolatileKeys.IDMAP_BASE, Long.toString(map.get().base()));
        draft.local(VolatileKeys.IDMAP_NEXT, VolatileKeys.idmapJson(map.get().entries()));
        draft.local(VolatileKeys.LAST_IDMAP, "[]");
        draft.rootPath = volume.get().path();
        draft.status = InstanceStatus.STOPPED;
        Reply reply = null;
        if (start) {
            draft.pending = new PendingAction(pending.operationId(), pending.commandId(), "start", false, -1,
                    pending.requestor(), now);
            draft.power = PowerState.RUNNING;
        } else if (CopyFreeze.holds(instance, world)) {
            draft.pending = pending;
        } else {
            draft.pending = null;
            reply = InstanceRules.okReply(pending, instance.project(), instance.name());
        }
        state.creation = null;
        Applied created = write(state, draft.build(revision, now), new Fact(Actions.INSTANCE_CREATED,
                instance.project(), instance.name(), HostUserWarning.context(Map.of("storage-pool", instance.pool(),
                "type", instance.type()), instance.expandedConfig()), pending.requestor()), reply);
        return created.then(new Applied(List.of(), List.of(), null,
                List.of(new CreationNote(instance.project(), instance.name(), null))));
    }

    /** A create that cannot finish: the instance is taken down ({@code DELETING}) and the error kept for the answer. */
    static Applied failCreation(Instance instance, InstanceWorld world, String error, long revision, Instant now) {
        return failCreation(instance, world.creation(instance.project(), instance.name()).orElse(null), error,
                revision, now);
    }

    private static Applied failCreation(Instance instance, Creation creation, String error, long revision,
                                        Instant now) {
        PendingAction pending = instance.pending();
        InstanceDraft draft = new InstanceDraft(instance);
        draft.status = InstanceStatus.DELETING;
        draft.pending = new PendingAction(pending.operationId(), pending.commandId(), "delete", false, -1,
                pending.requestor(), now);
        Creation failed = new Creation(creation != null && creation.start(), error);
        Instance failing = draft.build(revision, now);
        return new Applied(List.of(new InstanceWrite(instance.project(), instance.name(), failing)), List.of(), null,
                List.of(new CreationNote(instance.project(), instance.name(), failed)));
    }

    /**
     * A config change that waited for the idmap service: refused → the record as it was before and the error; granted
     * → the new map in {@code volatile.idmap.*} (used at the next start), then the update ends as any other.
     */
    private static Applied remapped(State state, Optional<IdMap> answer, long revision, Instant now) {
        if (answer.isEmpty()) {
            return Applied.nothing();
        }
        Instance instance = state.instance;
        PendingAction pending = instance.pending();
        List<CreationNote> forget = List.of(new CreationNote(instance.project(), instance.name(), null));
        Instance before = state.creation == null ? null : state.creation.before();
        String error = answer.get().error();
        if (error != null && !error.isEmpty()) {
            InstanceDraft draft = new InstanceDraft(instance);
            if (before != null) {
                draft.description = before.description();
                draft.profiles = before.profiles();
                draft.config = new LinkedHashMap<>(before.config());
                draft.devices = before.devices();
                draft.expandedConfig = new LinkedHashMap<>(before.expandedConfig());
                draft.expandedDevices = before.expandedDevices();
                draft.ephemeral = before.ephemeral();
            }
            draft.pending = null;
            Reply refused = new Reply(pending.operationId(), pending.commandId(), ErrorCode.BAD_REQUEST, error,
                    instance.project(), instance.name());
            state.creation = null;
            Applied undone = write(state, draft.build(revision, now), null, refused);
            return undone.then(new Applied(List.of(), List.of(), null, forget));
        }
        InstanceDraft draft = new InstanceDraft(instance);
        draft.local(VolatileKeys.IDMAP_BASE, Long.toString(answer.get().base()));
        draft.local(VolatileKeys.IDMAP_NEXT, VolatileKeys.idmapJson(answer.get().entries()));
        state.creation = null;
        if (InstanceRules.isRunning(instance)) {
            draft.pending = new PendingAction(pending.operationId(), pending.commandId(), "update", false, -1,
                    pending.requestor(), now);
            return write(state, draft.build(revision, now), null, null)
                    .then(new Applied(List.of(), List.of(), null, forget));
        }
        draft.pending = null;
        Applied updated = write(state, draft.build(revision, now), new Fact(Actions.INSTANCE_UPDATED,
                instance.project(), instance.name(), HostUserWarning.context(Map.of(), instance.expandedConfig()),
                pending.requestor()),
                InstanceRules.okReply(pending, instance.project(), instance.name()));
        return updated.then(new Applied(List.of(), List.of(), null, forget));
    }

    /**
     * The map the idmap service is writing for the instance when it can be known without it, so a create need not
     * wait for the instance's own record: none for a privileged instance, the {@link SharedIdmap} for one that
     * {@link IdmapLedger#sharesMap shares it}. The record comes all the same and carries the same map; should it
     * differ (root's allocation changed in between), it lands in {@code volatile.idmap.next} as a profile edit's map
     * does. Empty otherwise, or while the shared map is missing or in error: then the instance's own map decides.
     */
    private static Optional<IdMap> knownMap(Instance instance, InstanceWorld world) {
        Map<String, String> config = instance.expandedConfig() == null ? Map.of() : instance.expandedConfig();
        if (IdmapLedger.privileged(config)) {
            return Optional.of(new IdMap(instance.project(), instance.name(), instance.uuid(), List.of(), 0, false,
                    null, null));
        }
        if (!IdmapLedger.sharesMap(config)) {
            return Optional.empty();
        }
        return world.sharedIdmap().filter(shared -> shared.error() == null && !shared.entries().isEmpty())
                .map(shared -> new IdMap(instance.project(), instance.name(), instance.uuid(), shared.entries(),
                        shared.base(), false, null, shared.at()));
    }

    /** Whether the idmap service's map differs from the one the record carries (a profile edit changed it). */
    private static boolean newMap(Instance instance, IdMap map) {
        if (map.error() != null && !map.error().isEmpty() || instance.config() == null) {
            return false;
        }
        if (instance.status() != InstanceStatus.STOPPED && !InstanceRules.isRunning(instance)) {
            return false;
        }
        return !VolatileKeys.idmapJson(map.entries()).equals(instance.config().get(VolatileKeys.IDMAP_NEXT))
                || !Long.toString(map.base()).equals(instance.config().get(VolatileKeys.IDMAP_BASE));
    }

    private static Applied deleted(State state) {
        Instance instance = state.instance;
        PendingAction pending = instance.pending();
        String failure = state.creation == null ? null : state.creation.error();
        state.instance = null;
        List<InstanceWrite> tombstone = List.of(new InstanceWrite(instance.project(), instance.name(), null));
        List<CreationNote> forget = state.creation == null ? List.of()
                : List.of(new CreationNote(instance.project(), instance.name(), null));
        if (failure != null) {
            Reply reply = pending == null ? null : new Reply(pending.operationId(), pending.commandId(),
                    ErrorCode.BAD_REQUEST, failure, instance.project(), instance.name());
            return new Applied(tombstone, List.of(), reply, forget);
        }
        Reply reply = pending == null || pending.operationId().startsWith(INTERNAL) ? null
                : InstanceRules.okReply(pending, instance.project(), instance.name());
        return new Applied(tombstone, List.of(new Fact(Actions.INSTANCE_DELETED, instance.project(),
                instance.name(), Map.of(), pending == null ? null : pending.requestor())), reply, forget);
    }

    private static Applied acknowledged(State state, InstanceRuntime host, long revision, Instant now) {
        Instance instance = state.instance;
        PendingAction pending = instance.pending();
        InstanceDraft draft = new InstanceDraft(instance);
        draft.pending = null;
        InstanceStatus real = status(host.status()).orElse(instance.status());
        draft.status = real;
        if (host.lastError() != null && !host.lastError().isEmpty()) {
            draft.power = power(real);
            Reply failed = new Reply(pending.operationId(), pending.commandId(), ErrorCode.INTERNAL,
                    host.lastError(), instance.project(), instance.name());
            return write(state, draft.build(revision, now), null, pending.operationId().startsWith(INTERNAL)
                    ? null : failed);
        }
        String action;
        switch (pending.action()) {
            case "start", "restart" -> {
                String idmap = VolatileKeys.idmapJson(host.idmap());
                draft.local(VolatileKeys.IDMAP_CURRENT, idmap);
                draft.local(VolatileKeys.LAST_IDMAP, host.diskIdmap() == null ? idmap
                        : VolatileKeys.idmapJson(host.diskIdmap()));
                draft.local(VolatileKeys.LAST_POWER, PowerState.RUNNING.name());
                draft.local(VolatileKeys.APPLY_TEMPLATE, null);
                draft.lastUsedAt = now;
                action = pending.action().equals("start") ? Actions.INSTANCE_STARTED : Actions.INSTANCE_RESTARTED;
            }
            case "stop" -> {
                draft.local(VolatileKeys.LAST_POWER, PowerState.STOPPED.name());
                action = pending.force() ? Actions.INSTANCE_STOPPED : Actions.INSTANCE_SHUTDOWN;
            }
            case "freeze" -> {
                draft.local(VolatileKeys.LAST_POWER, PowerState.FROZEN.name());
                action = Actions.INSTANCE_PAUSED;
            }
            case "unfreeze" -> {
                draft.local(VolatileKeys.LAST_POWER, PowerState.RUNNING.name());
                action = Actions.INSTANCE_RESUMED;
            }
            case "update" -> action = Actions.INSTANCE_UPDATED;
            default -> {
                return Applied.nothing();
            }
        }
        Reply reply = pending.operationId().startsWith(INTERNAL) ? null
                : InstanceRules.okReply(pending, instance.project(), instance.name());
        Applied done = write(state, draft.build(revision, now), new Fact(action, instance.project(), instance.name(),
                action.equals(Actions.INSTANCE_UPDATED) ? HostUserWarning.context(Map.of(), instance.expandedConfig())
                        : Map.of(), pending.requestor()), reply);
        boolean stopped = pending.action().equals("stop") && real == InstanceStatus.STOPPED;
        return stopped && instance.ephemeral() ? done.then(ephemeralDelete(state, revision, now)) : done;
    }

    /** An ephemeral instance that stopped is deleted, as in LXD; nobody waits for the answer. */
    private static Applied ephemeralDelete(State state, long revision, Instant now) {
        InstanceDraft draft = new InstanceDraft(state.instance);
        String id = INTERNAL + "ephemeral-delete:" + state.instance.uuid() + ":" + state.instance.revision();
        draft.status = InstanceStatus.DELETING;
        draft.power = PowerState.STOPPED;
        draft.pending = new PendingAction(id, id, "delete", false, -1, null, now);
        return write(state, draft.build(revision, now), null, null);
    }

    private static Applied write(State state, Instance instance, Fact fact, Reply reply) {
        state.instance = instance;
        return new Applied(List.of(new InstanceWrite(instance.project(), instance.name(), instance)),
                fact == null ? List.of() : List.of(fact), reply, List.of());
    }

    private static boolean sameInstance(String uuid, Instance instance) {
        return uuid == null || uuid.isEmpty() || uuid.equals(instance.uuid());
    }

    static Optional<InstanceStatus> status(String runtimeStatus) {
        if (runtimeStatus == null) {
            return Optional.empty();
        }
        return switch (runtimeStatus) {
            case "Running" -> Optional.of(InstanceStatus.RUNNING);
            case "Stopped" -> Optional.of(InstanceStatus.STOPPED);
            case "Frozen" -> Optional.of(InstanceStatus.FROZEN);
            case "Error" -> Optional.of(InstanceStatus.ERROR);
            default -> Optional.empty();
        };
    }

    static PowerState power(InstanceStatus status) {
        return switch (status) {
            case RUNNING -> PowerState.RUNNING;
            case FROZEN -> PowerState.FROZEN;
            default -> PowerState.STOPPED;
        };
    }

    /** The instance and its creation note as the steps so far left them. */
    private static final class State {
        private Instance instance;
        private Creation creation;

        State(Instance instance, Creation creation) {
            this.instance = instance;
            this.creation = creation;
        }
    }
}
