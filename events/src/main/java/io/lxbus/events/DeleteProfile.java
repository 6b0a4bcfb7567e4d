package io.lxbus.events;

/**
 * Delete a profile ({@code DELETE /1.0/profiles/{name}}).
 *
 * @param project the project
 * @param name    the profile
 */
public record DeleteProfile(String project, String name) implements InstanceCommand {
}
