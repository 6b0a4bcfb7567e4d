package io.lxbus.executor.domain;

import io.lxbus.events.Instance;
import io.lxbus.events.InstanceRuntime;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.PendingAction;
import io.lxbus.events.PowerState;

import java.util.Set;

/** Decides, from the desired record, the last runtime record written and what the host has, the next step. */
public final class ReconcilePlan {
    /** The pending actions an executor carries out; {@code create}/{@code delete} belong to others. */
    public static final Set<String> ACTIONS = Set.of("start", "stop", "restart", "freeze", "unfreeze", "update");
    /** Runtime reasons. */
    public static final String REQUESTED = "requested";
    public static final String EXITED = "exited";
    public static final String ADOPTED = "adopted";

    private ReconcilePlan() {
    }

    /**
     * The next step for one container.
     *
     * @param desired  the instance record placed on this host, or null when there is none (or it moved away)
     * @param last     the runtime record this host last wrote for it, or null
     * @param observed what the host has
     */
    public static Step next(Instance desired, InstanceRuntime last, Observed observed) {
        if (desired == null || desired.status() == InstanceStatus.DELETING) {
            return observed.defined() || observed.status().alive() || last != null
                    ? new Step.Destroy(last != null) : new Step.Nothing();
        }
        PendingAction pending = desired.pending();
        if (pending != null && ACTIONS.contains(pending.action()) && desired.status() != InstanceStatus.CREATING
                && (last == null || !pending.operationId().equals(last.lastOperationId()))) {
            return new Step.Perform(pending);
        }
        if (last == null) {
            if (observed.status().alive()) {
                return new Step.Report(observed.status(), observed.pid(), ADOPTED);
            }
            boolean shouldRun = desired.power() == PowerState.RUNNING || desired.power() == PowerState.FROZEN;
            boolean saysRunning = desired.status() == InstanceStatus.RUNNING || desired.status() == InstanceStatus.FROZEN;
            return shouldRun && saysRunning ? new Step.Report(RuntimeStatus.STOPPED, 0, EXITED) : new Step.Nothing();
        }
        RuntimeStatus recorded = RuntimeStatus.fromText(last.status());
        boolean differs = recorded != observed.status() || (observed.status().alive() && observed.pid() != last.pid());
        if (!differs) {
            return new Step.Nothing();
        }
        return new Step.Report(observed.status(), observed.pid(), observed.status().alive() ? ADOPTED : EXITED);
    }
}
