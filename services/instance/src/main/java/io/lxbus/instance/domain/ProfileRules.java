package io.lxbus.instance.domain;

import io.lxbus.events.Actions;
import io.lxbus.events.CreateProfile;
import io.lxbus.events.DeleteProfile;
import io.lxbus.events.ErrorCode;
import io.lxbus.events.InstanceCommand;
import io.lxbus.events.Names;
import io.lxbus.events.PatchProfile;
import io.lxbus.events.Profile;
import io.lxbus.events.RenameProfile;
import io.lxbus.events.ReplaceProfile;
import io.lxbus.instance.domain.ProfileDecision.Applied;
import io.lxbus.instance.domain.ProfileDecision.ProfileWrite;
import io.lxbus.instance.domain.ProfileDecision.Rejected;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** LXD 5.0's profile rules: decides what a profile command does to the profiles of its project. */
public final class ProfileRules {
    /** The profile that always exists and cannot be renamed or deleted. */
    public static final String DEFAULT = "default";

    private final ProfileUsage usage;

    /** Rules that ask {@code usage} whether a profile is in use. */
    public ProfileRules(ProfileUsage usage) {
        this.usage = usage;
    }

    /**
     * Decides {@code command} against the current {@code profiles}.
     *
     * @param revision the revision every record written gets (the project's counter after this change)
     * @param now      when the decision is made
     */
    public ProfileDecision decide(InstanceCommand command, ProfileLookup profiles, long revision, Instant now) {
        if (command.project() == null || command.project().isEmpty()) {
            return new Rejected(ErrorCode.BAD_REQUEST, "No project provided");
        }
        if (command instanceof CreateProfile create) {
            return create(create, profiles, revision, now);
        } else if (command instanceof ReplaceProfile replace) {
            return replace(replace, profiles, revision, now);
        } else if (command instanceof PatchProfile patch) {
            return patch(patch, profiles, revision, now);
        } else if (command instanceof RenameProfile rename) {
            return rename(rename, profiles, revision, now);
        } else if (command instanceof DeleteProfile delete) {
            return delete(delete, profiles, revision);
        }
        return new Rejected(ErrorCode.BAD_REQUEST, "Unsupported command " + command.getClass().getSimpleName());
    }

    private ProfileDecision create(CreateProfile create, ProfileLookup profiles, long revision, Instant now) {
        Optional<String> badName = Names.profileNameError(create.name());
        if (badName.isPresent()) {
            return new Rejected(ErrorCode.BAD_REQUEST, badName.get());
        }
        if (profiles.find(create.project(), create.name()).isPresent()) {
            return new Rejected(ErrorCode.CONFLICT, "The profile already exists");
        }
        Profile profile = new Profile(create.project(), create.name(), text(create.description()),
                copy(create.config()), copyDevices(create.devices()), revision, now, now);
        return validated(profile).orElseGet(() -> applied(Actions.PROFILE_CREATED, profile, Map.of()));
    }

    private ProfileDecision replace(ReplaceProfile replace, ProfileLookup profiles, long revision, Instant now) {
        return existing(replace.project(), replace.name(), replace.ifMatchRevision(), profiles).map(found -> {
            Profile profile = new Profile(found.project(), found.name(), text(replace.description()),
                    copy(replace.config()), copyDevices(replace.devices()), revision, found.createdAt(), now);
            return validated(profile).orElseGet(() -> applied(Actions.PROFILE_UPDATED, profile, Map.of()));
        }, rejected -> rejected);
    }

    private ProfileDecision patch(PatchProfile patch, ProfileLookup profiles, long revision, Instant now) {
        return existing(patch.project(), patch.name(), patch.ifMatchRevision(), profiles).map(found -> {
            Map<String, String> config = copy(found.config());
            if (patch.config() != null) {
                patch.config().forEach((key, value) -> {
                    if (value == null || value.isEmpty()) {
                        config.remove(key);
                    } else {
                        config.put(key, value);
                    }
                });
            }
            Map<String, Map<String, String>> devices = copyDevices(found.devices());
            if (patch.devices() != null) {
                devices.putAll(copyDevices(patch.devices()));
            }
            String description = patch.description() != null ? patch.description() : found.description();
            Profile profile = new Profile(found.project(), found.name(), description, config, devices, revision,
                    found.createdAt(), now);
            return validated(profile).orElseGet(() -> applied(Actions.PROFILE_UPDATED, profile, Map.of()));
        }, rejected -> rejected);
    }

    private ProfileDecision rename(RenameProfile rename, ProfileLookup profiles, long revision, Instant now) {
        if (DEFAULT.equals(rename.name())) {
            return new Rejected(ErrorCode.FORBIDDEN, "The \"default\" profile cannot be renamed");
        }
        Optional<String> badName = Names.profileNameError(rename.newName());
        if (badName.isPresent()) {
            return new Rejected(ErrorCode.BAD_REQUEST, badName.get());
        }
        Optional<Profile> found = profiles.find(rename.project(), rename.name());
        if (found.isEmpty()) {
            return new Rejected(ErrorCode.NOT_FOUND, "Profile not found");
        }
        if (profiles.find(rename.project(), rename.newName()).isPresent()) {
            return new Rejected(ErrorCode.CONFLICT, "Name \"" + rename.newName() + "\" already in use");
        }
        Profile old = found.get();
        Profile renamed = new Profile(old.project(), rename.newName(), old.description(), old.config(),
                old.devices(), revision, old.createdAt(), now);
        return new Applied(List.of(new ProfileWrite(old.project(), old.name(), null, revision),
                new ProfileWrite(renamed.project(), renamed.name(), renamed, revision)),
                Actions.PROFILE_RENAMED, renamed.project(), renamed.name(), Map.of("old_name", old.name()));
    }

    private ProfileDecision delete(DeleteProfile delete, ProfileLookup profiles, long revision) {
        if (DEFAULT.equals(delete.name())) {
            return new Rejected(ErrorCode.FORBIDDEN, "The \"default\" profile cannot be deleted");
        }
        if (profiles.find(delete.project(), delete.name()).isEmpty()) {
            return new Rejected(ErrorCode.NOT_FOUND, "Profile not found");
        }
        if (usage.inUse(delete.project(), delete.name())) {
            return new Rejected(ErrorCode.BAD_REQUEST, "Profile is currently in use");
        }
        return new Applied(List.of(new ProfileWrite(delete.project(), delete.name(), null, revision)),
                Actions.PROFILE_DELETED, delete.project(), delete.name(), Map.of());
    }

    /** The profile to change, or why it cannot be changed (missing, or the caller's revision is stale). */
    private static Either existing(String project, String name, Long ifMatch, ProfileLookup profiles) {
        Optional<Profile> found = name == null ? Optional.empty() : profiles.find(project, name);
        if (found.isEmpty()) {
            return new Either(null, new Rejected(ErrorCode.NOT_FOUND, "Profile not found"));
        }
        if (ifMatch != null && ifMatch != found.get().revision()) {
            return new Either(null, new Rejected(ErrorCode.PRECONDITION_FAILED,
                    "ETag doesn't match: " + found.get().revision() + " vs " + ifMatch));
        }
        return new Either(found.get(), null);
    }

    private static Optional<ProfileDecision> validated(Profile profile) {
        return InstanceConfig.problem(profile.config(), ConfigScope.PROFILE)
                .or(() -> DeviceRules.problem(profile.devices(), ConfigScope.PROFILE))
                .map(message -> new Rejected(ErrorCode.BAD_REQUEST, message));
    }

    private static Applied applied(String action, Profile profile, Map<String, Object> context) {
        return new Applied(List.of(new ProfileWrite(profile.project(), profile.name(), profile, profile.revision())),
                action, profile.project(), profile.name(), context);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static Map<String, String> copy(Map<String, String> config) {
        Map<String, String> copy = new LinkedHashMap<>();
        if (config != null) {
            config.forEach((key, value) -> {
                if (value != null && !value.isEmpty()) {
                    copy.put(key, value);
                }
            });
        }
        return copy;
    }

    private static Map<String, Map<String, String>> copyDevices(Map<String, Map<String, String>> devices) {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        if (devices != null) {
            devices.forEach((name, device) -> copy.put(name, device == null ? null : new LinkedHashMap<>(device)));
        }
        return copy;
    }

    /** A found profile or the refusal, whichever applies. */
    private record Either(Profile found, Rejected rejected) {
        ProfileDecision map(java.util.function.Function<Profile, ProfileDecision> onFound,
                                java.util.function.Function<Rejected, ProfileDecision> onRejected) {
            return found != null ? onFound.apply(found) : onRejected.apply(rejected);
        }
    }
}
