package io.lxbus.idmap.messaging;

/** The state stores of the idmap topology; each has a changelog topic {@code <application.id>-<name>-changelog}. */
public final class StoreNames {
    /** The map last written per instance key {@code <project>/<name>}, with the request it answered. */
    public static final String MAPS = "maps";
    /** Instance uuid → the key its map is written under, to follow renames. */
    public static final String KEYS_BY_UUID = "keys-by-uuid";
    /** Per project the revision counter ({@code revision/<project>}). */
    public static final String COUNTERS = "counters";

    private StoreNames() {
    }
}
