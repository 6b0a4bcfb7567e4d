package io.lxbus.idmap.messaging;

/**
 * The state stores of the idmap topology, all in the one ledger task; each has a changelog topic
 * {@code <application.id>-<name>-changelog} with one partition.
 */
public final class StoreNames {
    /** The map last written per instance key {@code <project>/<name>}, with its request, host and isolated range. */
    public static final String MAPS = "ledger-maps";
    /** Instance uuid → the key its map is written under, to follow renames. */
    public static final String KEYS_BY_UUID = "ledger-keys-by-uuid";
    /** Per project the revision counter ({@code revision/<project>}). */
    public static final String COUNTERS = "ledger-counters";

    private StoreNames() {
    }
}
