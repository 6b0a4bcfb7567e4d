package io.lxbus.events;

/**
 * Point an alias elsewhere or change its description ({@code PUT /1.0/images/aliases/{name}}).
 *
 * @param project     the project
 * @param name        the alias
 * @param target      the image's fingerprint
 * @param description free text
 */
public record ReplaceImageAlias(String project, String name, String target, String description)
        implements StorageCommand {
}
