package io.lxbus.events;

/**
 * Create an image alias ({@code POST /1.0/images/aliases}).
 *
 * @param project     the project
 * @param name        the alias
 * @param target      the image's fingerprint (a unique prefix is resolved by the owner)
 * @param description free text
 */
public record CreateImageAlias(String project, String name, String target, String description)
        implements StorageCommand {
}
