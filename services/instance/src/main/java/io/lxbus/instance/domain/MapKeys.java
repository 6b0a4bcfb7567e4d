package io.lxbus.instance.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The config keys an instance's id map depends on: changing one asks the idmap service for a new map. */
public final class MapKeys {
    /** The keys, as LXD's {@code Update} lists them before calling {@code findIdmap}. */
    public static final List<String> KEYS = List.of("security.privileged", "security.idmap.isolated",
            "security.idmap.size", "security.idmap.base", "raw.idmap");
    /** The pending action of a change that waits for the idmap service's answer. */
    public static final String REMAP = "remap";

    private MapKeys() {
    }

    /** Whether the two expanded configs ask for different maps. */
    public static boolean changed(Map<String, String> before, Map<String, String> after) {
        Map<String, String> a = before == null ? Map.of() : before;
        Map<String, String> b = after == null ? Map.of() : after;
        return KEYS.stream().anyMatch(key -> !Objects.equals(blankToNull(a.get(key)), blankToNull(b.get(key))));
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
