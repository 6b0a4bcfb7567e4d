package io.lxbus.executor.domain;

/**
 * What the host really has for a container.
 *
 * @param defined whether its folder/config exists in the lxcpath
 * @param status  its status (STOPPED when not defined)
 * @param pid     its init's host pid; 0 when not running
 */
public record Observed(boolean defined, RuntimeStatus status, long pid) {
    /** Nothing on the host. */
    public static final Observed ABSENT = new Observed(false, RuntimeStatus.STOPPED, 0);
}
