package io.lxbus.events;

import java.time.Instant;

/**
 * A state change in flight, written on the instance record by the instance service and carried
 * out by the host's executor; it ends when the runtime record reports {@code operationId} done.
 *
 * @param operationId    the operation it serves (the runtime record echoes it back)
 * @param commandId      the command that asked for it
 * @param action         {@code create}, {@code start}, {@code stop}, {@code restart}, {@code freeze},
 *                       {@code unfreeze}, {@code update}, {@code remap} (a config change that needs a new id
 *                       map: the idmap service answers it, not the executor), {@code delete}, {@code snapshot}
 *                       (storage copies the root volume) or {@code restore} (storage copies a snapshot back) (see
 *                       FLOWS.md: the executor acts on the host-side ones)
 * @param force          stop by killing instead of a clean shutdown
 * @param timeoutSeconds how long a clean shutdown may take before it fails (-1: the default, 30 s)
 * @param requestor      who asked, for the lifecycle event
 * @param requestedAt    when it was asked
 * @param snapshot       for {@code restore}, the uuid of the snapshot whose files storage copies back; else null
 */
public record PendingAction(String operationId, String commandId, String action, boolean force, int timeoutSeconds,
                            Requestor requestor, Instant requestedAt, String snapshot) {

    /** An action about no snapshot. */
    public PendingAction(String operationId, String commandId, String action, boolean force, int timeoutSeconds,
                         Requestor requestor, Instant requestedAt) {
        this(operationId, commandId, action, force, timeoutSeconds, requestor, requestedAt, null);
    }
}
