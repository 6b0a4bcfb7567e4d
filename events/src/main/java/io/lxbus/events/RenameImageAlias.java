package io.lxbus.events;

/**
 * Rename an image alias ({@code POST /1.0/images/aliases/{name}}).
 *
 * @param project the project
 * @param name    the current name
 * @param newName the new name
 */
public record RenameImageAlias(String project, String name, String newName) implements StorageCommand {
}
