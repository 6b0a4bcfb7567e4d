package io.lxbus.events;

import java.util.Map;

/**
 * Replace a profile's writable fields whole ({@code PUT /1.0/profiles/{name}}).
 *
 * @param project          the project
 * @param name             the profile
 * @param description      the new description
 * @param config           the new config, whole
 * @param devices          the new devices, whole
 * @param ifMatchRevision  apply only if the record is still at this revision; null applies unconditionally
 */
public record ReplaceProfile(String project, String name, String description, Map<String, String> config,
                             Map<String, Map<String, String>> devices, Long ifMatchRevision)
        implements InstanceCommand {
}
