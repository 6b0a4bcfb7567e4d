package io.lxbus.instance.domain;

import io.lxbus.events.Actions;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceRuntime;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.PendingAction;
import io.lxbus.events.PowerState;
import io.lxbus.instance.domain.InstanceDecision.Applied;
import io.lxbus.instance.domain.InstanceDecision.Fact;
import io.lxbus.instance.domain.InstanceDecision.InstanceWrite;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A copy of a running (not frozen) instance on a pool whose driver needs it ({@code dir}) freezes the source for the
 * copy, as LXD's {@code CreateInstanceFromCopy} does: the source is frozen ({@code instance-paused}) → storage copies
 * (it waits while the source is being frozen) → the copy is created ({@code instance-created}) → the source is
 * thawed ({@code instance-resumed}) → the copy's create is answered (a failed copy's clean-up, too, ends after the
 * thaw). Each step is the source's {@code pending} with
 * an internal operation id that carries the copy's; whatever happens to the copy, the source is thawed.
 */
public final class CopyFreeze {
    private static final String FREEZE = InstanceReactions.INTERNAL + "copy-freeze:";
    private static final String COPY = InstanceReactions.INTERNAL + "copy-frozen:";
    private static final String THAW = InstanceReactions.INTERNAL + "copy-thaw:";

    private CopyFreeze() {
    }

    /** The source's first step: frozen under an internal id carrying the copy's create. */
    static Instance freeze(Instance source, PendingAction copy, long revision, Instant now) {
        InstanceDraft draft = new InstanceDraft(source);
        draft.power = PowerState.FROZEN;
        draft.pending = step(copy, copy.operationId(), FREEZE, "freeze");
        return draft.build(revision, now);
    }

    /** Whether the answer to {@code copy}'s create waits for its source to be thawed. */
    static boolean holds(Instance copy, InstanceWorld world) {
        return copy.pending() != null && sourceOf(copy, world).isPresent();
    }

    /**
     * The copy whose freeze source {@code name} is in, if any: its reactions follow the source's (the source's thaw
     * lets a failed copy finish its clean-up and answer).
     */
    public static Optional<String> partner(String project, String name, InstanceWorld world) {
        String op = world.instance(project, name).map(CopyFreeze::copyOperation).orElse(null);
        return op == null ? Optional.empty() : world.instances(project).stream()
                .filter(i -> i.pending() != null && op.equals(i.pending().operationId())).map(Instance::name)
                .findFirst();
    }

    /** What the freeze around a copy calls for, seen from instance {@code name} (the source or the copy). */
    public static Applied react(String project, String name, InstanceWorld world, long revision, Instant now) {
        Optional<Instance> found = world.instance(project, name);
        if (found.isEmpty()) {
            return Applied.nothing();
        }
        Instance instance = found.get();
        String op = copyOperation(instance);
        if (op != null) {
            return source(instance, op, world, revision, now);
        }
        Optional<Instance> source = instance.pending() == null ? Optional.empty() : sourceOf(instance, world);
        if (source.isPresent() && source.get().pending().operationId().startsWith(COPY)
                && instance.status() != InstanceStatus.CREATING) {
            return thaw(source.get(), revision, now);
        }
        return Applied.nothing();
    }

    /** The next step of a source: frozen → copy, copy done → thaw, thawed → the copy is answered. */
    private static Applied source(Instance source, String op, InstanceWorld world, long revision, Instant now) {
        PendingAction pending = source.pending();
        Optional<Instance> copy = world.instances(source.project()).stream()
                .filter(i -> i.pending() != null && op.equals(i.pending().operationId())).findFirst();
        Optional<InstanceRuntime> ack = world.runtime(source.project(), source.name())
                .filter(r -> source.uuid().equals(r.instanceUuid())
                        && pending.operationId().equals(r.lastOperationId()));
        if (pending.operationId().startsWith(COPY)) {
            return copy.filter(c -> c.status() == InstanceStatus.CREATING).isPresent() ? Applied.nothing()
                    : thaw(source, revision, now);
        }
        if (ack.isEmpty()) {
            return Applied.nothing();
        }
        InstanceRuntime host = ack.get();
        InstanceDraft draft = new InstanceDraft(source);
        InstanceStatus real = InstanceReactions.status(host.status()).orElse(source.status());
        draft.status = real;
        boolean failed = host.lastError() != null && !host.lastError().isEmpty();
        if (pending.operationId().startsWith(FREEZE)) {
            if (failed) {
                draft.pending = null;
                draft.power = real == InstanceStatus.FROZEN ? PowerState.RUNNING : InstanceReactions.power(real);
                Applied fail = copy.filter(c -> c.status() == InstanceStatus.CREATING)
                        .map(c -> InstanceReactions.failCreation(c, world, "Freezing the source instance for the "
                                + "copy failed: " + host.lastError(), revision, now))
                        .orElse(Applied.nothing());
                return fail.then(write(draft.build(revision, now), List.of()));
            }
            draft.pending = step(pending, op, COPY, "copy");
            return write(draft.build(revision, now), List.of(fact(Actions.INSTANCE_PAUSED, source, pending)));
        }
        draft.pending = null;
        draft.power = InstanceReactions.power(real);
        List<InstanceWrite> writes = new ArrayList<>();
        writes.add(new InstanceWrite(source.project(), source.name(), draft.build(revision, now)));
        InstanceDecision.Reply reply = null;
        if (copy.isPresent() && copy.get().status() == InstanceStatus.STOPPED
                && "create".equals(copy.get().pending().action())) {
            InstanceDraft released = new InstanceDraft(copy.get());
            released.pending = null;
            writes.add(new InstanceWrite(source.project(), copy.get().name(), released.build(revision, now)));
            reply = InstanceRules.okReply(copy.get().pending(), source.project(), copy.get().name());
        }
        return new Applied(writes, failed ? List.of() : List.of(fact(Actions.INSTANCE_RESUMED, source, pending)),
                reply, List.of());
    }

    private static Applied thaw(Instance source, long revision, Instant now) {
        InstanceDraft draft = new InstanceDraft(source);
        draft.power = PowerState.RUNNING;
        draft.pending = step(source.pending(), copyOperation(source), THAW, "unfreeze");
        return write(draft.build(revision, now), List.of());
    }

    /** The source a copy is frozen for, when it is in one of this copy's steps. */
    private static Optional<Instance> sourceOf(Instance copy, InstanceWorld world) {
        if (copy.source() == null || !copy.source().isCopy() || copy.source().copyOf() == null) {
            return Optional.empty();
        }
        String op = copy.pending().operationId();
        return world.instances(copy.project()).stream()
                .filter(i -> copy.source().copyOf().equals(i.uuid()) && op.equals(copyOperation(i))).findFirst();
    }

    /** The copy's operation id a source's step serves, or null when it is in none. */
    private static String copyOperation(Instance instance) {
        PendingAction pending = instance.pending();
        if (pending == null) {
            return null;
        }
        for (String prefix : List.of(FREEZE, COPY, THAW)) {
            if (pending.operationId().startsWith(prefix)) {
                return pending.operationId().substring(prefix.length());
            }
        }
        return null;
    }

    private static PendingAction step(PendingAction from, String op, String prefix, String action) {
        return new PendingAction(prefix + op, from.commandId(), action, false, -1, from.requestor(),
                from.requestedAt());
    }

    private static Fact fact(String action, Instance source, PendingAction pending) {
        return new Fact(action, source.project(), source.name(), Map.of(), pending.requestor());
    }

    private static Applied write(Instance instance, List<Fact> facts) {
        return new Applied(List.of(new InstanceWrite(instance.project(), instance.name(), instance)), facts, null,
                List.of());
    }
}
