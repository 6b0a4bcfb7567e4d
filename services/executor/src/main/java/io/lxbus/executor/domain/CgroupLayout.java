package io.lxbus.executor.domain;

/** Which cgroup hierarchy holds the controllers lxbus sets: the legacy/hybrid one (v1) or the unified one (v2). */
public enum CgroupLayout {
    /** cgroup v1 controllers (also a v1/v2 hybrid whose unified tree has no controllers). */
    V1("lxc.cgroup.", "memory.limit_in_bytes", "memory.usage_in_bytes", "memory.max_usage_in_bytes",
            "memory.memsw.usage_in_bytes", "memory.memsw.max_usage_in_bytes", "cpuacct.usage"),
    /** cgroup v2 with its controllers enabled. */
    V2("lxc.cgroup2.", "memory.max", "memory.current", "memory.peak", "memory.swap.current", "memory.swap.peak",
            "cpu.stat");

    private final String configPrefix;
    private final String memoryLimit;
    private final String memoryUsage;
    private final String memoryPeak;
    private final String swapUsage;
    private final String swapPeak;
    private final String cpuUsage;

    CgroupLayout(String configPrefix, String memoryLimit, String memoryUsage, String memoryPeak, String swapUsage,
                 String swapPeak, String cpuUsage) {
        this.configPrefix = configPrefix;
        this.memoryLimit = memoryLimit;
        this.memoryUsage = memoryUsage;
        this.memoryPeak = memoryPeak;
        this.swapUsage = swapUsage;
        this.swapPeak = swapPeak;
        this.cpuUsage = cpuUsage;
    }

    /** The LXC config key of a cgroup file, such as {@code lxc.cgroup2.memory.max}. */
    public String configKey(String file) {
        return configPrefix + file;
    }

    /** The memory limit file. */
    public String memoryLimit() {
        return memoryLimit;
    }

    /** The current memory usage file (bytes). */
    public String memoryUsage() {
        return memoryUsage;
    }

    /** The peak memory usage file (bytes). */
    public String memoryPeak() {
        return memoryPeak;
    }

    /** The swap usage file (v1: memory+swap, so swap is the difference). */
    public String swapUsage() {
        return swapUsage;
    }

    /** The swap peak file. */
    public String swapPeak() {
        return swapPeak;
    }

    /** The CPU usage file: nanoseconds (v1) or {@code cpu.stat} with {@code usage_usec} (v2). */
    public String cpuUsage() {
        return cpuUsage;
    }

    /** The cpuset file. */
    public String cpus() {
        return "cpuset.cpus";
    }

    /** The process count file. */
    public String pids() {
        return "pids.current";
    }

    /** CPU time in nanoseconds from the content of {@link #cpuUsage()}. */
    public long cpuNanos(String content) {
        if (this == V1) {
            return parseLong(content.trim());
        }
        for (String line : content.split("\n")) {
            if (line.startsWith("usage_usec ")) {
                return parseLong(line.substring("usage_usec ".length()).trim()) * 1000L;
            }
        }
        return 0;
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
