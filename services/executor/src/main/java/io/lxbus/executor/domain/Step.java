package io.lxbus.executor.domain;

import io.lxbus.events.PendingAction;

/** The one thing a reconcile of one container does next. */
public sealed interface Step {
    /** Host and records agree. */
    record Nothing() implements Step {
    }

    /** Carry out a pending action and acknowledge it. */
    record Perform(PendingAction action) implements Step {
    }

    /** Stop it if it runs, destroy its folder, tombstone its runtime record. */
    record Destroy(boolean tombstone) implements Step {
    }

    /** Record what the host has: {@code reason} is {@code exited} or {@code adopted}. */
    record Report(RuntimeStatus status, long pid, String reason) implements Step {
    }
}
