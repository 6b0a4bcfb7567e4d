package io.lxbus.gateway.domain;

import io.lxbus.events.Instance;
import io.lxbus.events.InstanceRuntime;
import io.lxbus.events.InstanceStatus;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An instance and its state in LXD's JSON shapes (shared/api/instance.go, instance_state.go). */
public final class LxdInstance {
    /** LXD's zero time, for timestamps that were never set. */
    public static final String NEVER = "1970-01-01T00:00:00Z";

    private LxdInstance() {
    }

    /** The instance object ({@code GET /1.0/instances/{name}}, recursion=1 lists). */
    public static Map<String, Object> render(Instance instance, String location) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("architecture", orDefault(instance.architecture(), "x86_64"));
        out.put("config", sorted(instance.config()));
        out.put("devices", sortedDevices(instance.devices()));
        out.put("ephemeral", instance.ephemeral());
        out.put("profiles", instance.profiles() == null ? List.of() : instance.profiles());
        out.put("stateful", false);
        out.put("description", orDefault(instance.description(), ""));
        out.put("created_at", time(instance.createdAt()));
        out.put("expanded_config", sorted(instance.expandedConfig()));
        out.put("expanded_devices", sortedDevices(instance.expandedDevices()));
        out.put("name", instance.name());
        out.put("status", statusText(instance.status()));
        out.put("status_code", statusCode(instance.status()));
        out.put("last_used_at", time(instance.lastUsedAt()));
        out.put("location", location);
        out.put("type", orDefault(instance.type(), "container"));
        out.put("project", instance.project());
        return out;
    }

    /** The full object (recursion=2 lists, {@code ?recursion=1} on one instance): the instance plus state, snapshots, backups. */
    public static Map<String, Object> full(Instance instance, InstanceRuntime runtime, LiveState live, String location) {
        return full(instance, runtime, live, location, List.of());
    }

    /** The full object with the instance's snapshots. */
    public static Map<String, Object> full(Instance instance, InstanceRuntime runtime, LiveState live, String location,
                                           List<io.lxbus.events.Snapshot> snapshots) {
        Map<String, Object> out = render(instance, location);
        out.put("state", state(instance, runtime, live));
        out.put("snapshots", snapshots.stream().map(LxdSnapshot::render).toList());
        out.put("backups", List.of());
        return out;
    }

    /**
     * The instance's state: status and pid from what the host reported (the live answer, else the runtime
     * record, else the instance record), usage numbers from the live answer or zeros.
     */
    public static Map<String, Object> state(Instance instance, InstanceRuntime runtime, LiveState live) {
        String status = statusText(instance.status());
        long pid = 0;
        if (runtime != null && runtime.status() != null) {
            status = runtime.status();
            pid = active(status) ? runtime.pid() : 0;
        }
        if (live != null && live.status() != null) {
            status = live.status();
            pid = active(status) ? live.pid() : 0;
        }
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("usage", live == null ? 0 : live.memoryUsage());
        memory.put("usage_peak", live == null ? 0 : live.memoryPeak());
        memory.put("swap_usage", live == null ? 0 : live.swapUsage());
        memory.put("swap_usage_peak", live == null ? 0 : live.swapPeak());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", status);
        out.put("status_code", codeOf(status));
        out.put("disk", Map.of());
        out.put("memory", memory);
        out.put("network", Map.of());
        out.put("pid", pid);
        out.put("processes", live == null ? 0 : live.processes());
        out.put("cpu", Map.of("usage", live == null ? 0 : live.cpuUsage()));
        return out;
    }

    /** LXD's status text; an instance being created or deleted shows as Stopped. */
    public static String statusText(InstanceStatus status) {
        if (status == null || status == InstanceStatus.CREATING || status == InstanceStatus.DELETING) {
            return "Stopped";
        }
        return status.lxdText();
    }

    /** LXD's status code, matching {@link #statusText}. */
    public static int statusCode(InstanceStatus status) {
        return codeOf(statusText(status));
    }

    /** The status code of a status text (Running 103, Stopped 102, Frozen 110, anything else Error 112). */
    public static int codeOf(String status) {
        if (status == null) {
            return 112;
        }
        switch (status) {
            case "Running":
                return 103;
            case "Stopped":
                return 102;
            case "Frozen":
                return 110;
            default:
                return 112;
        }
    }

    private static boolean active(String status) {
        return "Running".equals(status) || "Frozen".equals(status);
    }

    /** RFC 3339 text, LXD's zero time when unset. */
    public static String time(Instant at) {
        return at == null ? NEVER : at.toString();
    }

    static Map<String, String> sorted(Map<String, String> map) {
        return map == null ? Map.of() : new TreeMap<>(map);
    }

    static Map<String, Object> sortedDevices(Map<String, Map<String, String>> devices) {
        Map<String, Object> out = new TreeMap<>();
        if (devices != null) {
            devices.forEach((name, device) -> out.put(name, device == null ? Map.of() : new TreeMap<>(device)));
        }
        return out;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
