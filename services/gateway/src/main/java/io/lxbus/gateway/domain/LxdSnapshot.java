package io.lxbus.gateway.domain;

import io.lxbus.events.Keys;
import io.lxbus.events.Snapshot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A snapshot in LXD 5.0's JSON shape (shared/api/instance_snapshot.go). */
public final class LxdSnapshot {
    /** LXD's zero time, which the client shows as "no expiry". */
    public static final String ZERO = "0001-01-01T00:00:00Z";

    private LxdSnapshot() {
    }

    /** The snapshot object ({@code GET /1.0/instances/{name}/snapshots/{snapshot}}, recursion lists, full instances). */
    public static Map<String, Object> render(Snapshot snapshot) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("architecture", snapshot.architecture() == null ? "x86_64" : snapshot.architecture());
        out.put("config", LxdInstance.sorted(snapshot.config()));
        out.put("created_at", LxdInstance.time(snapshot.createdAt()));
        out.put("devices", LxdInstance.sortedDevices(snapshot.devices()));
        out.put("ephemeral", snapshot.ephemeral());
        out.put("expanded_config", LxdInstance.sorted(snapshot.expandedConfig()));
        out.put("expanded_devices", LxdInstance.sortedDevices(snapshot.expandedDevices()));
        out.put("last_used_at", LxdInstance.time(snapshot.lastUsedAt()));
        out.put("name", snapshot.name());
        out.put("profiles", snapshot.profiles() == null ? List.of() : snapshot.profiles());
        out.put("stateful", false);
        out.put("size", -1);
        out.put("expires_at", snapshot.expiresAt() == null ? ZERO : snapshot.expiresAt().toString());
        return out;
    }

    /** The snapshot's API path. */
    public static String url(Snapshot snapshot) {
        return Keys.source("instances", snapshot.project(), snapshot.instance() + "/snapshots/" + snapshot.name());
    }
}
