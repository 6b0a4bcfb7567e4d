package io.lxbus.executor.domain;

/**
 * One cgroup file to write, by its controller file name ({@code memory.max}); the layout decides the config key.
 *
 * @param file  the cgroup file, such as {@code cpuset.cpus}
 * @param value what to write
 */
public record CgroupSetting(String file, String value) {
}
