package io.lxbus.instance.messaging;

/** The state stores of the instance topology; each has a changelog topic {@code <application.id>-<name>-changelog}. */
public final class StoreNames {
    /** Profiles by {@code <project>/<name>}. */
    public static final String PROFILES = "profiles";
    /** Results of handled commands by command id, forgotten after a retention period. */
    public static final String HANDLED_COMMANDS = "handled-commands";
    /** Per project the revision counter ({@code revision/<project>}); per lifecycle key the last seq ({@code seq/<key>}). */
    public static final String COUNTERS = "counters";

    private StoreNames() {
    }
}
