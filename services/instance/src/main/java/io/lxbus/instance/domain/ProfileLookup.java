package io.lxbus.instance.domain;

import io.lxbus.events.Profile;

import java.util.Optional;

/** Reads the current profiles of the project a command is about. */
@FunctionalInterface
public interface ProfileLookup {

    /** The profile, or empty when it does not exist. */
    Optional<Profile> find(String project, String name);
}
