package io.lxbus.events;

import java.util.List;
import java.util.Map;

/**
 * Create an instance ({@code POST /1.0/instances}); with {@code start} it is started once created.
 *
 * @param project     the project
 * @param name        the new instance's name
 * @param type        {@code container} or {@code virtual-machine}
 * @param description free text
 * @param profiles    profiles in order; null means {@code ["default"]}, empty means none
 * @param config      local config
 * @param devices     local devices
 * @param ephemeral   delete it when it stops
 * @param source      the image to start from
 * @param start       start it after creating it
 */
public record CreateInstance(String project, String name, String type, String description, List<String> profiles,
                             Map<String, String> config, Map<String, Map<String, String>> devices, boolean ephemeral,
                             InstanceSource source, boolean start) implements InstanceCommand {
}
