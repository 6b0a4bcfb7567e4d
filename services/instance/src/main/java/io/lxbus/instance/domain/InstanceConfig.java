package io.lxbus.instance.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static io.lxbus.instance.domain.ValueChecks.anyString;
import static io.lxbus.instance.domain.ValueChecks.blob;
import static io.lxbus.instance.domain.ValueChecks.bool;
import static io.lxbus.instance.domain.ValueChecks.cpuLimit;
import static io.lxbus.instance.domain.ValueChecks.idmapJson;
import static io.lxbus.instance.domain.ValueChecks.integer;
import static io.lxbus.instance.domain.ValueChecks.nonNegative;
import static io.lxbus.instance.domain.ValueChecks.oneOf;
import static io.lxbus.instance.domain.ValueChecks.rawIdmap;
import static io.lxbus.instance.domain.ValueChecks.rawLxc;
import static io.lxbus.instance.domain.ValueChecks.sizeOrPercent;

/**
 * The instance and profile config keys lxbus knows (LXD's {@code instance_options}), each with its validator.
 * An empty value means "unset" and always passes, as in LXD.
 */
public final class InstanceConfig {
    private static final Map<String, ConfigKey> KEYS = new LinkedHashMap<>();
    private static final List<ConfigKey> PREFIXES;
    private static final long MAX_ID = 4_294_967_294L;
    private static final List<String> INSTANCE_ONLY_PREFIXES = List.of("volatile.", "image.");

    static {
        key("security.privileged", bool(), "Run the container without a user namespace (root is host root)", false);
        key("security.nesting", bool(), "Allow running containers or LXD inside the container", true);
        key("security.idmap.isolated", bool(), "Give the container an id range no other isolated container shares",
                false);
        key("security.idmap.size", integer(1, MAX_ID), "Size of an isolated id map (default 65536)", false);
        key("security.idmap.base", integer(0, MAX_ID), "First host id of an isolated id map (default: LXD's first fit)",
                false);
        key("security.protection.delete", bool(), "Refuse to delete the instance", true);
        key("security.syscalls.intercept.mknod", bool(), "Emulate mknod for safe device nodes", false);
        key("security.syscalls.intercept.setxattr", bool(), "Emulate setxattr for trusted attributes", false);
        key("raw.idmap", rawIdmap(), "Host ids mapped straight into the container (both|uid|gid host ns)", false);
        key("raw.lxc", rawLxc(), "Raw LXC config appended to the generated config", false);
        key("raw.apparmor", blob(), "Raw AppArmor rules appended to the profile", false);
        key("raw.seccomp", blob(), "Raw seccomp policy", false);
        key("limits.cpu", cpuLimit(), "CPUs: a count (2) or CPU ids and ranges to pin to (0-3, 1,3)", true);
        key("limits.cpu.allowance", anyString(), "CPU time share: 50% or a 25ms/100ms quota", true);
        key("limits.cpu.priority", integer(0, 10), "CPU scheduling priority against other instances", true);
        key("limits.memory", sizeOrPercent(), "Memory limit: a size (256MB, 1GiB) or a share of host memory (50%)",
                true);
        key("limits.memory.enforce", oneOf("hard", "soft"), "Whether the memory limit is hard or soft", true);
        key("limits.memory.swap", bool(), "Whether the instance may swap", true);
        key("limits.memory.swap.priority", integer(0, 10), "Swap priority", true);
        key("limits.processes", integer(1, Long.MAX_VALUE), "Maximum number of processes", true);
        key("limits.disk.priority", integer(0, 10), "Disk I/O priority", true);
        key("limits.network.priority", integer(0, 10), "Network priority", true);
        key("boot.autostart", bool(), "Start the instance when the host starts (unset: restore the last state)",
                true);
        key("boot.autostart.delay", nonNegative(), "Seconds to wait after starting this instance", true);
        key("boot.autostart.priority", integer(Integer.MIN_VALUE, Integer.MAX_VALUE),
                "Start order: higher starts first", true);
        key("boot.host_shutdown_timeout", nonNegative(), "Seconds to wait for a clean stop on host shutdown", true);
        key("boot.stop.priority", integer(Integer.MIN_VALUE, Integer.MAX_VALUE), "Stop order: higher stops first",
                true);
        key("linux.kernel_modules", anyString(), "Kernel modules to load before the instance starts", true);
        key("snapshots.schedule", SnapshotSchedule.check(), "Cron spec(s) or aliases for automatic snapshots", true);
        key("snapshots.schedule.stopped", bool(), "Whether stopped instances get scheduled snapshots", true);
        key("snapshots.pattern", anyString(), "Name pattern of automatic snapshots", true);
        key("snapshots.expiry", SnapshotExpiry.check(), "How long new snapshots are kept (1M 2H 3d 4w 5m 6y)", true);
        key("cloud-init.user-data", blob(), "cloud-init user data", false);
        key("cloud-init.vendor-data", blob(), "cloud-init vendor data", false);
        key("cloud-init.network-config", blob(), "cloud-init network config", false);
        key("user.user-data", blob(), "cloud-init user data (legacy key)", false);
        key("user.vendor-data", blob(), "cloud-init vendor data (legacy key)", false);
        key("user.network-config", blob(), "cloud-init network config (legacy key)", false);
        key("migration.stateful", bool(), "Allow stateful stop and snapshots", false);
        key("nvidia.runtime", bool(), "Pass the host NVIDIA runtime into the instance", false);
        key("volatile.idmap.base", integer(0, MAX_ID), "First host id of the isolated id map (0 when shared)", false);
        key("volatile.idmap.next", idmapJson(), "The id map the next start uses", false);
        key("volatile.idmap.current", idmapJson(), "The id map the running container uses", false);
        key("volatile.last_state.idmap", idmapJson(), "The id map the root file system is shifted to", false);
        PREFIXES = List.of(
                new ConfigKey("user.", blob(), "Free-form user data", true),
                new ConfigKey("environment.", blob(), "An environment variable for processes in the instance", true),
                new ConfigKey("limits.kernel.", anyString(), "A kernel resource limit (prlimit)", false),
                new ConfigKey("volatile.", blob(), "State lxbus keeps about the instance", true),
                new ConfigKey("image.", blob(), "A property copied from the source image", true));
    }

    private InstanceConfig() {
    }

    private static void key(String name, ValueCheck check, String doc, boolean live) {
        KEYS.put(name, new ConfigKey(name, check, doc, live));
    }

    /** The row for {@code key}: an exact key or the family its prefix belongs to. */
    public static Optional<ConfigKey> lookup(String key) {
        ConfigKey exact = KEYS.get(key);
        if (exact != null) {
            return Optional.of(exact);
        }
        return PREFIXES.stream().filter(prefix -> key.startsWith(prefix.name()) && key.length() > prefix.name().length())
                .findFirst();
    }

    /** Every exact key, in documentation order. */
    public static List<ConfigKey> keys() {
        return List.copyOf(KEYS.values());
    }

    /** The error a user sees for one key and value, or empty when it is allowed. */
    public static Optional<String> problem(String key, String value, ConfigScope scope) {
        if (scope == ConfigScope.PROFILE && INSTANCE_ONLY_PREFIXES.stream().anyMatch(key::startsWith)) {
            return Optional.of("Invalid config: Key \"" + key + "\" can only be set on instances, not on profiles");
        }
        Optional<ConfigKey> row = lookup(key);
        if (row.isEmpty()) {
            return Optional.of("Invalid config: Unknown configuration key: " + key);
        }
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        return row.get().check().problem(value)
                .map(why -> "Invalid value for config key \"" + key + "\": " + why);
    }

    /** The first error in a whole config map (keys in sorted order, so the answer is stable), or empty. */
    public static Optional<String> problem(Map<String, String> config, ConfigScope scope) {
        if (config == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> entry : new TreeMap<>(config).entrySet()) {
            Optional<String> problem = problem(entry.getKey(), entry.getValue(), scope);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }
}
