package io.lxbus.events;

import java.util.List;
import java.util.Map;

/**
 * Merge changes into an instance ({@code PATCH /1.0/instances/{name}}); a null field is left as it is.
 *
 * @param project         the project
 * @param name            the instance
 * @param description     the new description, or null
 * @param profiles        the new profile list, or null
 * @param config          keys to set, or null
 * @param devices         devices to add or replace whole, or null
 * @param ephemeral       the new ephemeral flag, or null
 * @param ifMatchRevision apply only if the record is still at this revision; null applies unconditionally
 */
public record PatchInstance(String project, String name, String description, List<String> profiles,
                            Map<String, String> config, Map<String, Map<String, String>> devices, Boolean ephemeral,
                            Long ifMatchRevision) implements InstanceCommand {
}
