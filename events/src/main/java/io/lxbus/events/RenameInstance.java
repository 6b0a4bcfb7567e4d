package io.lxbus.events;

/**
 * Rename a stopped instance ({@code POST /1.0/instances/{name}} with {@code name}).
 *
 * @param project the project
 * @param name    the current name
 * @param newName the name it should have
 */
public record RenameInstance(String project, String name, String newName) implements InstanceCommand {
}
