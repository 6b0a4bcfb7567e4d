package io.lxbus.events;

/**
 * Delete an image alias ({@code DELETE /1.0/images/aliases/{name}}).
 *
 * @param project the project
 * @param name    the alias
 */
public record DeleteImageAlias(String project, String name) implements StorageCommand {
}
