package io.lxbus.instance.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code warning} an instance's lifecycle event carries in its context when {@code raw.idmap} maps host ids into
 * it: processes inside with those ids are those host users for the kernel.
 */
public final class HostUserWarning {
    /** The context key. */
    public static final String KEY = "warning";

    private HostUserWarning() {
    }

    /** {@code context} with the warning added when the expanded config maps host ids; else {@code context} itself. */
    public static Map<String, Object> context(Map<String, Object> context, Map<String, String> expandedConfig) {
        String raw = expandedConfig == null ? null : expandedConfig.get("raw.idmap");
        if (raw == null || raw.isBlank()) {
            return context;
        }
        Map<String, Object> with = new LinkedHashMap<>(context);
        with.put(KEY, "raw.idmap maps host ids into the instance (" + raw.strip().replace('\n', ';')
                + "): its processes with those ids act as those host users (their files, signals and per-user"
                + " limits); share only what those users may share");
        return with;
    }
}
