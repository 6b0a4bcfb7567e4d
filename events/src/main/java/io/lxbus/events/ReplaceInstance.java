package io.lxbus.events;

import java.util.List;
import java.util.Map;

/**
 * Replace an instance's writable fields whole ({@code PUT /1.0/instances/{name}}); the client sends
 * its {@code volatile.*} keys back, which must be accepted unchanged.
 *
 * @param project         the project
 * @param name            the instance
 * @param description     the new description
 * @param profiles        the new profile list
 * @param config          the new local config, whole
 * @param devices         the new local devices, whole
 * @param ephemeral       the new ephemeral flag
 * @param ifMatchRevision apply only if the record is still at this revision; null applies unconditionally
 */
public record ReplaceInstance(String project, String name, String description, List<String> profiles,
                              Map<String, String> config, Map<String, Map<String, String>> devices, boolean ephemeral,
                              Long ifMatchRevision) implements InstanceCommand {
}
