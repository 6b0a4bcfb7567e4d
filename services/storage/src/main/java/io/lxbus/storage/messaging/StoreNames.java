package io.lxbus.storage.messaging;

/** The state stores of the storage topology; each has a changelog topic {@code <application.id>-<name>-changelog}. */
public final class StoreNames {
    /** Images by {@code <project>/<fingerprint>}. */
    public static final String IMAGES = "images";
    /** Aliases by {@code <project>/<name>}. */
    public static final String ALIASES = "image-aliases";
    /** Results of handled commands by command id, forgotten after a retention period. */
    public static final String HANDLED_COMMANDS = "handled-commands";
    /** Last revision per state key ({@code rev/image/<key>}, {@code rev/alias/<key>}) and last seq per event key ({@code seq/<key>}). */
    public static final String COUNTERS = "counters";

    private StoreNames() {
    }

    /** The counter of an image key's last revision. */
    public static String imageRevision(String key) {
        return "rev/image/" + key;
    }

    /** The counter of an alias key's last revision. */
    public static String aliasRevision(String key) {
        return "rev/alias/" + key;
    }

    /** The counter of a lifecycle key's last seq. */
    public static String seq(String eventKey) {
        return "seq/" + eventKey;
    }
}
