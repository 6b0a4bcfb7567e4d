package io.lxbus.events;

import java.util.Map;

/**
 * Create a profile ({@code POST /1.0/profiles}).
 *
 * @param project     the project
 * @param name        the new profile's name
 * @param description free text
 * @param config      config keys and values
 * @param devices     devices by name, each a map of string keys with a {@code type}
 */
public record CreateProfile(String project, String name, String description, Map<String, String> config,
                            Map<String, Map<String, String>> devices) implements InstanceCommand {
}
