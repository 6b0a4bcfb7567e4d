package io.lxbus.executor.domain;

import java.util.Locale;

/** A container's status as the runtime record says it ({@code InstanceRuntime.status}), from liblxc's state names. */
public enum RuntimeStatus {
    RUNNING("Running"),
    STOPPED("Stopped"),
    FROZEN("Frozen"),
    ERROR("Error");

    private final String text;

    RuntimeStatus(String text) {
        this.text = text;
    }

    /** The text on the runtime record. */
    public String text() {
        return text;
    }

    /** Whether a container process exists (running or frozen). */
    public boolean alive() {
        return this == RUNNING || this == FROZEN;
    }

    /** From liblxc's {@code state()}: STOPPED; STARTING, RUNNING, THAWED, STOPPING; FREEZING, FROZEN; ABORTING. */
    public static RuntimeStatus fromLxc(String state) {
        return switch (state == null ? "" : state.toUpperCase(Locale.ROOT)) {
            case "STOPPED" -> STOPPED;
            case "STARTING", "RUNNING", "THAWED", "STOPPING" -> RUNNING;
            case "FREEZING", "FROZEN" -> FROZEN;
            default -> ERROR;
        };
    }

    /** From the runtime record's text; null for an unknown one. */
    public static RuntimeStatus fromText(String text) {
        for (RuntimeStatus status : values()) {
            if (status.text.equals(text)) {
                return status;
            }
        }
        return null;
    }
}
