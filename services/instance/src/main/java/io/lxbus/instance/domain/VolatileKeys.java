package io.lxbus.instance.domain;

import io.lxbus.events.IdmapEntry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The {@code volatile.*} keys lxbus sets, which of them a user may never change, and LXD's id map JSON. */
public final class VolatileKeys {
    /** The image the instance was made from. */
    public static final String BASE_IMAGE = "volatile.base_image";
    /** The instance's immutable uuid. */
    public static final String UUID = "volatile.uuid";
    /** The power state to restore. */
    public static final String LAST_POWER = "volatile.last_state.power";
    /** The id map the root file system is shifted to ({@code []} before the first start). */
    public static final String LAST_IDMAP = "volatile.last_state.idmap";
    /** Templates to apply at the next start. */
    public static final String APPLY_TEMPLATE = "volatile.apply_template";
    /** The first host id of the id map. */
    public static final String IDMAP_BASE = "volatile.idmap.base";
    /** The id map to use at the next start. */
    public static final String IDMAP_NEXT = "volatile.idmap.next";
    /** The id map of the running container. */
    public static final String IDMAP_CURRENT = "volatile.idmap.current";

    private static final List<String> SERVER_OWNED = List.of(BASE_IMAGE, UUID, APPLY_TEMPLATE, "volatile.idmap.",
            "volatile.last_state.");

    private VolatileKeys() {
    }

    /** Whether lxbus alone sets the key: a client's value for it is ignored and the server's kept. */
    public static boolean serverOwned(String key) {
        return SERVER_OWNED.stream().anyMatch(owned -> owned.endsWith(".") ? key.startsWith(owned) : key.equals(owned));
    }

    /**
     * The config a client's whole replacement comes to: its keys (empty values dropped), except that every
     * server-owned key keeps the server's value (and cannot be added), and other {@code volatile.*} keys the
     * client left out are kept.
     */
    public static Map<String, String> replace(Map<String, String> current, Map<String, String> submitted) {
        Map<String, String> config = new LinkedHashMap<>();
        if (submitted != null) {
            submitted.forEach((key, value) -> {
                if (value != null && !value.isEmpty() && !serverOwned(key)) {
                    config.put(key, value);
                }
            });
        }
        current.forEach((key, value) -> {
            if (serverOwned(key) || (key.startsWith("volatile.") && (submitted == null || !submitted.containsKey(key)))) {
                config.put(key, value);
            }
        });
        return config;
    }

    /** A merge of changes into the config: an empty value unsets; server-owned keys are left alone. */
    public static Map<String, String> patch(Map<String, String> current, Map<String, String> changes) {
        Map<String, String> config = new LinkedHashMap<>(current);
        if (changes != null) {
            changes.forEach((key, value) -> {
                if (serverOwned(key)) {
                    return;
                }
                if (value == null || value.isEmpty()) {
                    config.remove(key);
                } else {
                    config.put(key, value);
                }
            });
        }
        return config;
    }

    /** LXD's JSON form of an id map, as in {@code volatile.idmap.next}. */
    public static String idmapJson(List<IdmapEntry> entries) {
        if (entries == null) {
            return "[]";
        }
        return entries.stream()
                .map(e -> "{\"Isuid\":" + e.isuid() + ",\"Isgid\":" + e.isgid() + ",\"Hostid\":" + e.hostid()
                        + ",\"Nsid\":" + e.nsid() + ",\"Maprange\":" + e.maprange() + "}")
                .collect(Collectors.joining(",", "[", "]"));
    }
}
