package io.lxbus.events;

/**
 * Rename a profile ({@code POST /1.0/profiles/{name}}).
 *
 * @param project the project
 * @param name    the current name
 * @param newName the name it should have
 */
public record RenameProfile(String project, String name, String newName) implements InstanceCommand {
}
