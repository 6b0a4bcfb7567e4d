package io.lxbus.executor.driver;

/**
 * A running instance's live resource use, from its cgroup.
 *
 * @param processes      processes in it
 * @param memoryUsage    memory in use (bytes)
 * @param memoryPeak     peak memory (bytes)
 * @param swapUsage      swap in use (bytes)
 * @param swapPeak       peak swap (bytes)
 * @param cpuNanos       CPU time used (ns)
 */
public record Usage(long processes, long memoryUsage, long memoryPeak, long swapUsage, long swapPeak, long cpuNanos) {
}
