package io.lxbus.events;

/**
 * Rename a snapshot ({@code POST /1.0/instances/{name}/snapshots/{snapshot}} with {@code name}).
 *
 * @param project  the project
 * @param instance the instance
 * @param name     the snapshot's current name
 * @param newName  the name it should have
 */
public record RenameSnapshot(String project, String instance, String name, String newName)
        implements InstanceCommand {
}
