package io.lxbus.executor.domain;

import io.lxbus.events.IdmapEntry;
import io.lxbus.events.Instance;

import java.util.List;
import java.util.Map;

/**
 * Renders a container's LXC config from its instance record alone, in the spirit of LXD's defaults: the id map,
 * root file system, mounts, devices cgroup, limits, halt signal, logs, then {@code raw.lxc} last.
 */
public final class LxcConfig {
    /** The image property (copied to {@code image.lxbus.halt_signal}) by which an image names its halt signal. */
    public static final String HALT_SIGNAL_KEY = "image.lxbus.halt_signal";
    private static final List<String> DROPPED_CAPABILITIES = List.of("sys_time", "sys_module", "sys_rawio",
            "mac_admin", "mac_override");
    private static final List<String> DEVICES_ALLOWED = List.of("c *:* m", "b *:* m", "c 1:3 rwm", "c 1:5 rwm",
            "c 1:7 rwm", "c 1:8 rwm", "c 1:9 rwm", "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm",
            "c 10:229 rwm", "c 10:200 rwm");

    private LxcConfig() {
    }

    /** The map the container uses: {@code volatile.idmap.next} of the local config, else of the expanded one. */
    public static List<IdmapEntry> idmap(Instance instance) {
        String json = get(instance.config(), "volatile.idmap.next");
        if (json == null) {
            json = get(instance.expandedConfig(), "volatile.idmap.next");
        }
        return IdmapJson.parse(json);
    }

    /** The map the root file system's files were shifted to ({@code volatile.last_state.idmap}); empty: none. */
    public static List<IdmapEntry> lastIdmap(Instance instance) {
        return IdmapJson.parse(get(instance.config(), "volatile.last_state.idmap"));
    }

    /** The signal that makes the image's init power off: the image's own, SIGUSR2 for busybox, else LXC's default. */
    public static String haltSignal(Map<String, String> expandedConfig) {
        String declared = get(expandedConfig, HALT_SIGNAL_KEY);
        if (declared != null && !declared.isBlank()) {
            return declared.trim();
        }
        return "busybox".equalsIgnoreCase(get(expandedConfig, "image.os")) ? "SIGUSR2" : null;
    }

    /** The whole config file, without host disks. */
    public static String render(Instance instance, ContainerPaths paths, HostFeatures host, RootShift shift) {
        return render(instance, paths, host, shift, List.of());
    }

    /** The whole config file; {@code mountEntries} are the host disks' {@code lxc.mount.entry} values. */
    public static String render(Instance instance, ContainerPaths paths, HostFeatures host, RootShift shift,
                                List<String> mountEntries) {
        Map<String, String> config = instance.expandedConfig() == null ? Map.of() : instance.expandedConfig();
        String uuid = instance.uuid();
        StringBuilder out = new StringBuilder();
        out.append("# Written by lxbus-executor for ").append(instance.project()).append('/').append(instance.name())
                .append("; rewritten at every start.\n");
        line(out, "lxc.uts.name", instance.name());
        line(out, "lxc.arch", "linux64");
        line(out, "lxc.rootfs.path", "dir:" + instance.rootPath() + "/rootfs");
        if (shift == RootShift.IDMAPPED_MOUNT) {
            line(out, "lxc.rootfs.options", "idmap=container");
        }
        for (String map : IdmapJson.lxcLines(idmap(instance))) {
            line(out, "lxc.idmap", map);
        }
        boolean nesting = isTrue(config.get("security.nesting"));
        line(out, "lxc.mount.auto", nesting ? "proc:rw sys:rw cgroup:rw:force" : "proc:mixed sys:mixed cgroup:mixed");
        line(out, "lxc.autodev", "1");
        line(out, "lxc.tty.max", "0");
        line(out, "lxc.pty.max", "1024");
        line(out, "lxc.net.0.type", "empty");
        mountEntries.forEach(entry -> line(out, "lxc.mount.entry", entry));
        line(out, "lxc.cap.drop", String.join(" ", DROPPED_CAPABILITIES));
        if (host.apparmor()) {
            line(out, "lxc.apparmor.profile", "generated");
            if (nesting) {
                line(out, "lxc.apparmor.allow_nesting", "1");
            }
        }
        line(out, host.cgroups().configKey("devices.deny"), "a");
        for (String allowed : DEVICES_ALLOWED) {
            line(out, host.cgroups().configKey("devices.allow"), allowed);
        }
        for (CgroupSetting setting : Limits.of(config, host)) {
            line(out, host.cgroups().configKey(setting.file()), setting.value());
        }
        String halt = haltSignal(config);
        if (halt != null) {
            line(out, "lxc.signal.halt", halt);
        }
        line(out, "lxc.console.buffer.size", "auto");
        line(out, "lxc.console.size", "auto");
        line(out, "lxc.console.logfile", paths.consoleLog(uuid).toString());
        line(out, "lxc.log.file", paths.lxcLog(uuid).toString());
        line(out, "lxc.log.level", "warn");
        String raw = config.get("raw.lxc");
        if (raw != null && !raw.isBlank()) {
            out.append("# raw.lxc\n").append(raw.strip()).append('\n');
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(key).append(" = ").append(value).append('\n');
    }

    private static boolean isTrue(String value) {
        return value != null && List.of("true", "1", "yes", "on").contains(value.trim().toLowerCase(java.util.Locale.ROOT));
    }

    private static String get(Map<String, String> config, String key) {
        return config == null ? null : config.get(key);
    }
}
