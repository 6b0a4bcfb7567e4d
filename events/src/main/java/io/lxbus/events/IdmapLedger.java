package io.lxbus.events;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@code lxbus.idmap.ledger-in} carries: the instance records the idmap service's decisions depend on. The
 * instance service copies a record there only when {@link #copies} says so; a record that differs from the one before
 * it in nothing the idmap service reads (a status change from STOPPED to RUNNING, the map it was just given landing in
 * {@code volatile.idmap.*}) is not copied, so the idmap service spends no transaction on it.
 *
 * <p>The idmap service reads, per key: the record's uuid (a rename moves the map), its host (isolated ranges are per
 * host), whether it is being deleted, a pending {@code remap} and its operation, and the config keys in
 * {@link #MAP_KEYS}. A key's first record (which decides or adopts its map: being created or not only matters
 * there) and its tombstone (which the compacted topic needs) are always copied.
 */
public final class IdmapLedger {
    /** The pending action the instance service sets while it waits for a changed map. */
    public static final String REMAP = "remap";
    /** {@code security.privileged}: no map at all. */
    public static final String PRIVILEGED = "security.privileged";
    /** {@code security.idmap.isolated}: a range of its own. */
    public static final String ISOLATED = "security.idmap.isolated";
    /** {@code security.idmap.size}: the size of an isolated range. */
    public static final String SIZE = "security.idmap.size";
    /** {@code security.idmap.base}: the first host id of an isolated range. */
    public static final String BASE = "security.idmap.base";
    /** {@code raw.idmap}: host ids punched through into the container. */
    public static final String RAW = "raw.idmap";
    /** The expanded config keys an id map depends on, as LXD's {@code Update} lists them before {@code findIdmap}. */
    public static final List<String> MAP_KEYS = List.of(PRIVILEGED, ISOLATED, SIZE, BASE, RAW);
    private static final Set<String> TRUE = Set.of("1", "on", "yes", "true");

    private IdmapLedger() {
    }

    /** A boolean config value as LXD reads it: 1, on, yes or true (any case, around spaces). */
    public static boolean isTrue(String value) {
        return value != null && TRUE.contains(value.strip().toLowerCase(Locale.ROOT));
    }

    /** Whether an instance with this expanded config is privileged: it runs with no id map at all. */
    public static boolean privileged(Map<String, String> expandedConfig) {
        return expandedConfig != null && isTrue(expandedConfig.get(PRIVILEGED));
    }

    /**
     * Whether an instance with this expanded config gets the {@link SharedIdmap} as its map: unprivileged, not
     * isolated (then {@code security.idmap.size} and {@code .base} do not count) and without {@code raw.idmap}.
     */
    public static boolean sharesMap(Map<String, String> expandedConfig) {
        Map<String, String> config = expandedConfig == null ? Map.of() : expandedConfig;
        String raw = config.get(RAW);
        return !privileged(config) && !isTrue(config.get(ISOLATED)) && (raw == null || raw.isBlank());
    }

    /** Whether the two expanded configs ask for different maps (an empty value is no value). */
    public static boolean mapChanged(Map<String, String> before, Map<String, String> after) {
        return !mapKeys(before).equals(mapKeys(after));
    }

    /** Whether the record that follows {@code previous} (null: none) under the same key goes to the ledger. */
    public static boolean copies(Instance previous, Instance next) {
        return previous == null || next == null || !view(previous).equals(view(next));
    }

    /** The part of a record the idmap service reads. */
    private static List<Object> view(Instance instance) {
        PendingAction pending = instance.pending();
        String remap = pending != null && REMAP.equals(pending.action()) ? pending.operationId() : "";
        boolean deleting = instance.status() == InstanceStatus.DELETING;
        return Arrays.asList(instance.uuid(), instance.host(), deleting, remap, mapKeys(instance.expandedConfig()));
    }

    private static Map<String, String> mapKeys(Map<String, String> config) {
        Map<String, String> values = new HashMap<>();
        for (String key : MAP_KEYS) {
            String value = config == null ? null : config.get(key);
            if (value != null && !value.isEmpty()) {
                values.put(key, value);
            }
        }
        return values;
    }
}
