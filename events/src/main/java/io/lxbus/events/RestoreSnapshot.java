package io.lxbus.events;

/**
 * Restore an instance from one of its snapshots ({@code PUT /1.0/instances/{name}} with {@code restore}): files,
 * config, devices and profiles come back; a running instance is stopped, restored and started again.
 *
 * @param project  the project
 * @param name     the instance
 * @param snapshot the snapshot's name (without the instance)
 */
public record RestoreSnapshot(String project, String name, String snapshot) implements InstanceCommand {
}
