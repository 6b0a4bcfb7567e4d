package io.lxbus.instance.domain;

import io.lxbus.events.ErrorCode;
import io.lxbus.events.Profile;

import java.util.List;
import java.util.Map;

/** What a profile command comes to: a refusal, or the records to write and the fact to announce. */
public sealed interface ProfileDecision {

    /**
     * The command is refused; nothing changes.
     *
     * @param code    the error code
     * @param message what the user sees
     */
    record Rejected(ErrorCode code, String message) implements ProfileDecision {
    }

    /**
     * The command is applied.
     *
     * @param writes  state records to write, in order
     * @param action  the lifecycle action ({@link io.lxbus.events.Actions})
     * @param project the profile's project
     * @param name    the profile the event and result are about (after a rename, the new name)
     * @param context the lifecycle event's context (after a rename, {@code old_name})
     */
    record Applied(List<ProfileWrite> writes, String action, String project, String name,
                   Map<String, Object> context) implements ProfileDecision {
    }

    /**
     * One state record: a profile, or a tombstone when {@code profile} is null.
     *
     * @param project  the project
     * @param name     the profile's name (the record key's name part)
     * @param profile  the whole record, or null to delete it
     * @param revision the revision the record (or tombstone) carries
     */
    record ProfileWrite(String project, String name, Profile profile, long revision) {
    }
}
