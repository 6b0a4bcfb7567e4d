package io.lxbus.executor.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@code limits.*} keys as cgroup settings, for the rendered config and for live updates:
 * {@code limits.memory} (bytes, with kB/MB/GB/TB or KiB/MiB/GiB/TiB, or a percentage of the host),
 * {@code limits.cpu} (a count of CPUs, or a pin list such as {@code 0-1,3}), {@code limits.processes}.
 */
public final class Limits {
    private Limits() {
    }

    /** The settings the config asks for on this host; throws with a user-readable sentence on a bad value. */
    public static List<CgroupSetting> of(Map<String, String> config, HostFeatures host) {
        List<CgroupSetting> settings = new ArrayList<>();
        String memory = config.get("limits.memory");
        if (memory != null && !memory.isBlank()) {
            settings.add(new CgroupSetting(host.cgroups().memoryLimit(), Long.toString(memoryBytes(memory,
                    host.memoryBytes()))));
        }
        String cpu = config.get("limits.cpu");
        if (cpu != null && !cpu.isBlank()) {
            settings.add(new CgroupSetting(host.cgroups().cpus(), cpuset(cpu, host.cpus())));
        }
        String processes = config.get("limits.processes");
        if (processes != null && !processes.isBlank()) {
            settings.add(new CgroupSetting("pids.max", Long.toString(Long.parseLong(processes.trim()))));
        }
        return settings;
    }

    /** {@code limits.memory} in bytes. */
    public static long memoryBytes(String value, long hostBytes) {
        String text = value.trim();
        if (text.endsWith("%")) {
            double percent = Double.parseDouble(text.substring(0, text.length() - 1));
            return (long) (hostBytes * percent / 100.0);
        }
        String lower = text.toLowerCase(Locale.ROOT);
        String[][] units = {{"kib", "1024"}, {"mib", "1048576"}, {"gib", "1073741824"}, {"tib", "1099511627776"},
                {"kb", "1000"}, {"mb", "1000000"}, {"gb", "1000000000"}, {"tb", "1000000000000"}, {"b", "1"}};
        for (String[] unit : units) {
            if (lower.endsWith(unit[0])) {
                return number(text.substring(0, text.length() - unit[0].length()), value) * Long.parseLong(unit[1]);
            }
        }
        return number(text, value);
    }

    /** {@code limits.cpu} as a cpuset: a count takes the first CPUs of the host, a pin list stays as given. */
    public static String cpuset(String value, List<Integer> hostCpus) {
        String text = value.trim();
        if (text.matches("\\d+")) {
            int count = Integer.parseInt(text);
            if (count < 1) {
                throw new IllegalArgumentException("Invalid limits.cpu \"" + value + "\": at least one CPU is needed");
            }
            if (count > hostCpus.size()) {
                throw new IllegalArgumentException("Invalid limits.cpu \"" + value + "\": the host has only "
                        + hostCpus.size() + " CPUs");
            }
            return ranges(hostCpus.subList(0, count));
        }
        if (!text.matches("\\d+(-\\d+)?(,\\d+(-\\d+)?)*")) {
            throw new IllegalArgumentException("Invalid limits.cpu \"" + value + "\": expected a CPU count or a list such as 0-1,3");
        }
        return text;
    }

    private static String ranges(List<Integer> cpus) {
        TreeSet<Integer> sorted = new TreeSet<>(cpus);
        StringBuilder out = new StringBuilder();
        Integer start = null;
        Integer previous = null;
        for (Integer cpu : sorted) {
            if (start == null) {
                start = cpu;
            } else if (cpu != previous + 1) {
                append(out, start, previous);
                start = cpu;
            }
            previous = cpu;
        }
        if (start != null) {
            append(out, start, previous);
        }
        return out.toString();
    }

    private static void append(StringBuilder out, int from, int to) {
        if (out.length() > 0) {
            out.append(',');
        }
        out.append(from);
        if (to != from) {
            out.append('-').append(to);
        }
    }

    private static long number(String digits, String original) {
        try {
            return Long.parseLong(digits.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid limits.memory \"" + original + "\"");
        }
    }
}
