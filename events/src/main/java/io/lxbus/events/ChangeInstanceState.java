package io.lxbus.events;

/**
 * Start, stop, restart, freeze or unfreeze an instance ({@code PUT /1.0/instances/{name}/state}).
 *
 * @param project        the project
 * @param name           the instance
 * @param action         {@code start}, {@code stop}, {@code restart}, {@code freeze} or {@code unfreeze}
 * @param force          stop or restart by killing instead of a clean shutdown
 * @param timeoutSeconds how long a clean shutdown may take (-1: the default)
 * @param stateful       LXD's stateful stop/start (refused: not supported)
 */
public record ChangeInstanceState(String project, String name, String action, boolean force, int timeoutSeconds,
                                  boolean stateful) implements InstanceCommand {
}
