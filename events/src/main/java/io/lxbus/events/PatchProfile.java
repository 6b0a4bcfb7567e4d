package io.lxbus.events;

import java.util.Map;

/**
 * Merge changes into a profile ({@code PATCH /1.0/profiles/{name}}): config keys and devices are
 * merged by name; a null field leaves that part as it is.
 *
 * @param project          the project
 * @param name             the profile
 * @param description      the new description, or null to keep it
 * @param config           keys to set, or null
 * @param devices          devices to add or replace whole, or null
 * @param ifMatchRevision  apply only if the record is still at this revision; null applies unconditionally
 */
public record PatchProfile(String project, String name, String description, Map<String, String> config,
                           Map<String, Map<String, String>> devices, Long ifMatchRevision)
        implements InstanceCommand {
}
