package io.lxbus.executor.driver.lxc;

import io.lxbus.executor.domain.CgroupLayout;
import io.lxbus.executor.domain.HostFeatures;
import io.lxbus.executor.driver.lxc.jna.NativeLxc;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds out, once, what this host offers containers: cgroup layout, idmapped mounts, AppArmor, CPUs, memory. */
public final class HostProbe {
    private static final Logger LOG = Logger.getLogger(HostProbe.class);

    private HostProbe() {
    }

    /** Probes the host (loads liblxc). */
    public static HostFeatures probe() {
        CgroupLayout layout = read("/sys/fs/cgroup/cgroup.controllers").contains("memory") ? CgroupLayout.V2
                : CgroupLayout.V1;
        boolean idmapped = NativeLxc.library().lxc_has_api_extension("idmapped_mounts_v2") != 0
                && kernelAtLeast(5, 12);
        boolean apparmor = read("/sys/module/apparmor/parameters/enabled").trim().equals("Y");
        String cpuList = layout == CgroupLayout.V2 ? read("/sys/fs/cgroup/cpuset.cpus.effective")
                : read("/sys/fs/cgroup/cpuset/cpuset.cpus");
        if (cpuList.isBlank()) {
            cpuList = read("/sys/devices/system/cpu/online");
        }
        HostFeatures features = new HostFeatures(layout, idmapped, apparmor, cpus(cpuList), memoryBytes());
        LOG.infof("liblxc %s; cgroups %s; idmapped mounts %s; AppArmor %s; CPUs %s", NativeLxc.version(), layout,
                idmapped, apparmor, features.cpus());
        return features;
    }

    /** A cpuset list such as {@code 0-2,4} as CPU numbers. */
    static List<Integer> cpus(String list) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : list.trim().split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] range = part.trim().split("-");
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            for (int cpu = from; cpu <= to; cpu++) {
                cpus.add(cpu);
            }
        }
        return cpus;
    }

    private static long memoryBytes() {
        for (String line : read("/proc/meminfo").split("\n")) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024L;
            }
        }
        return 0;
    }

    private static boolean kernelAtLeast(int major, int minor) {
        String[] parts = System.getProperty("os.version", "0.0").split("[.-]");
        try {
            int haveMajor = Integer.parseInt(parts[0]);
            int haveMinor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return haveMajor > major || (haveMajor == major && haveMinor >= minor);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }
}
