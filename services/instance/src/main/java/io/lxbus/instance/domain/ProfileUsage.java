package io.lxbus.instance.domain;

import java.util.List;

/** Which instances use a profile; a profile in use cannot be deleted. */
@FunctionalInterface
public interface ProfileUsage {

    /** No instances exist yet, so nothing uses any profile. Replaced once instance records arrive. */
    ProfileUsage NO_INSTANCES_YET = (project, name) -> List.of();

    /** The API paths of the instances (and later snapshots) that list the profile; empty when unused. */
    List<String> usedBy(String project, String name);

    /** Whether anything uses the profile. */
    default boolean inUse(String project, String name) {
        return !usedBy(project, name).isEmpty();
    }
}
