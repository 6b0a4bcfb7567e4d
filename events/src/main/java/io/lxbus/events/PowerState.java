package io.lxbus.events;

/** What the executor must make true on the host for an instance. */
public enum PowerState {
    /** Not running (no container process). */
    STOPPED,
    /** Running. */
    RUNNING,
    /** Running but frozen. */
    FROZEN
}
