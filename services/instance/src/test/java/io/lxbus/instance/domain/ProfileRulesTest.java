package io.lxbus.instance.domain;

import io.lxbus.events.Actions;
import io.lxbus.events.CreateProfile;
import io.lxbus.events.DeleteProfile;
import io.lxbus.events.ErrorCode;
import io.lxbus.events.InstanceCommand;
import io.lxbus.events.Keys;
import io.lxbus.events.PatchProfile;
import io.lxbus.events.Profile;
import io.lxbus.events.RenameProfile;
import io.lxbus.events.ReplaceProfile;
import io.lxbus.instance.domain.ProfileDecision.Applied;
import io.lxbus.instance.domain.ProfileDecision.ProfileWrite;
import io.lxbus.instance.domain.ProfileDecision.Rejected;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileRulesTest {
    private static final String P = "default";
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2025-01-02T00:00:00Z");
    private static final Map<String, Map<String, String>> ROOT =
            Map.of("root", Map.of("type", "disk", "path", "/", "pool", "default"));

    private final Map<String, Profile> store = new HashMap<>();
    private final ProfileLookup lookup = (project, name) -> Optional.ofNullable(store.get(Keys.resource(project, name)));
    private ProfileUsage usage = ProfileUsage.NO_INSTANCES_YET;

    private ProfileDecision decide(InstanceCommand command, long revision) {
        return new ProfileRules(usage).decide(command, lookup, revision, T1);
    }

    private void existing(String name, Map<String, String> config, long revision) {
        store.put(Keys.resource(P, name), new Profile(P, name, "old", config, ROOT, revision, T0, T0));
    }

    private static Rejected rejected(ProfileDecision decision) {
        assertThat(decision).isInstanceOf(Rejected.class);
        return (Rejected) decision;
    }

    private static Applied applied(ProfileDecision decision) {
        assertThat(decision).isInstanceOf(Applied.class);
        return (Applied) decision;
    }

    @Test
    void createWritesTheWholeRecordAtTheGivenRevision() {
        Applied applied = applied(decide(new CreateProfile(P, "web", "Web servers", Map.of("limits.cpu", "2"), ROOT),
                7));
        assertThat(applied.action()).isEqualTo(Actions.PROFILE_CREATED);
        assertThat(applied.name()).isEqualTo("web");
        assertThat(applied.context()).isEmpty();
        assertThat(applied.writes()).containsExactly(new ProfileWrite(P, "web",
                new Profile(P, "web", "Web servers", Map.of("limits.cpu", "2"), ROOT, 7, T1, T1), 7));
    }

    @Test
    void createWithNullsMakesAnEmptyProfile() {
        Profile profile = applied(decide(new CreateProfile(P, "p", null, null, null), 1)).writes().get(0).profile();
        assertThat(profile.description()).isEmpty();
        assertThat(profile.config()).isEmpty();
        assertThat(profile.devices()).isEmpty();
    }

    @Test
    void createRefusesBadNamesDuplicatesAndBadConfig() {
        existing("web", Map.of(), 1);
        assertThat(rejected(decide(new CreateProfile(P, "a/b", "", Map.of(), Map.of()), 2)))
                .isEqualTo(new Rejected(ErrorCode.BAD_REQUEST, "Profile names may not contain slashes"));
        assertThat(rejected(decide(new CreateProfile(P, "", "", Map.of(), Map.of()), 2)).code())
                .isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(rejected(decide(new CreateProfile(P, "web", "", Map.of(), Map.of()), 2)))
                .isEqualTo(new Rejected(ErrorCode.CONFLICT, "The profile already exists"));
        assertThat(rejected(decide(new CreateProfile(P, "x", "", Map.of("nope", "1"), Map.of()), 2)))
                .isEqualTo(new Rejected(ErrorCode.BAD_REQUEST, "Invalid config: Unknown configuration key: nope"));
        assertThat(rejected(decide(new CreateProfile(P, "x", "", Map.of("volatile.x", "1"), Map.of()), 2)).code())
                .isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(rejected(decide(new CreateProfile(P, "x", "", Map.of(),
                Map.of("d", Map.of("type", "disk"))), 2)).message()).startsWith("Device \"d\": ");
    }

    @Test
    void sameNameInAnotherProjectIsFine() {
        existing("web", Map.of(), 1);
        assertThat(decide(new CreateProfile("other", "web", "", Map.of(), Map.of()), 1)).isInstanceOf(Applied.class);
    }

    @Test
    void replaceReplacesConfigDevicesAndDescriptionWhole() {
        existing("web", Map.of("limits.cpu", "2", "user.a", "1"), 3);
        Applied applied = applied(decide(new ReplaceProfile(P, "web", "new", Map.of("user.b", "2"), Map.of(), null),
                4));
        Profile profile = applied.writes().get(0).profile();
        assertThat(applied.action()).isEqualTo(Actions.PROFILE_UPDATED);
        assertThat(profile.config()).containsExactly(Map.entry("user.b", "2"));
        assertThat(profile.devices()).isEmpty();
        assertThat(profile.description()).isEqualTo("new");
        assertThat(profile.revision()).isEqualTo(4);
        assertThat(profile.createdAt()).isEqualTo(T0);
        assertThat(profile.updatedAt()).isEqualTo(T1);
    }

    @Test
    void patchMergesKeysAndDevicesByName() {
        existing("web", Map.of("limits.cpu", "2", "user.a", "1"), 3);
        Map<String, Map<String, String>> devices = Map.of(
                "root", Map.of("type", "disk", "path", "/", "pool", "fast"),
                "eth0", Map.of("type", "nic", "network", "br0"));
        Profile profile = applied(decide(new PatchProfile(P, "web", null,
                Map.of("user.a", "", "limits.memory", "1GiB"), devices, 3L), 4)).writes().get(0).profile();
        assertThat(profile.config()).containsOnly(Map.entry("limits.cpu", "2"), Map.entry("limits.memory", "1GiB"));
        assertThat(profile.devices()).containsOnlyKeys("root", "eth0");
        assertThat(profile.devices().get("root")).containsEntry("pool", "fast");
        assertThat(profile.description()).isEqualTo("old");
    }

    @Test
    void updatesRefuseMissingProfilesStaleRevisionsAndBadValues() {
        existing("web", Map.of(), 5);
        assertThat(rejected(decide(new ReplaceProfile(P, "nope", "", Map.of(), Map.of(), null), 6)))
                .isEqualTo(new Rejected(ErrorCode.NOT_FOUND, "Profile not found"));
        assertThat(rejected(decide(new PatchProfile(P, "nope", "", Map.of(), Map.of(), null), 6)).code())
                .isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(rejected(decide(new ReplaceProfile(P, "web", "", Map.of(), Map.of(), 4L), 6)))
                .isEqualTo(new Rejected(ErrorCode.PRECONDITION_FAILED, "ETag doesn't match: 5 vs 4"));
        assertThat(rejected(decide(new PatchProfile(P, "web", "", Map.of(), Map.of(), 9L), 6)).code())
                .isEqualTo(ErrorCode.PRECONDITION_FAILED);
        assertThat(rejected(decide(new PatchProfile(P, "web", null, Map.of("limits.cpu", "x"), null, 5L), 6))
                .message()).startsWith("Invalid value for config key \"limits.cpu\"");
        assertThat(decide(new ReplaceProfile(P, "web", "", Map.of(), Map.of(), 5L), 6)).isInstanceOf(Applied.class);
    }

    @Test
    void renameWritesATombstoneAndTheNewRecord() {
        existing("web", Map.of("user.a", "1"), 3);
        Applied applied = applied(decide(new RenameProfile(P, "web", "www"), 4));
        assertThat(applied.action()).isEqualTo(Actions.PROFILE_RENAMED);
        assertThat(applied.name()).isEqualTo("www");
        assertThat(applied.context()).isEqualTo(Map.of("old_name", "web"));
        assertThat(applied.writes()).hasSize(2);
        assertThat(applied.writes().get(0)).isEqualTo(new ProfileWrite(P, "web", null, 4));
        Profile renamed = applied.writes().get(1).profile();
        assertThat(renamed.name()).isEqualTo("www");
        assertThat(renamed.config()).isEqualTo(Map.of("user.a", "1"));
        assertThat(renamed.revision()).isEqualTo(4);
        assertThat(renamed.createdAt()).isEqualTo(T0);
    }

    @Test
    void renameRules() {
        existing("default", Map.of(), 1);
        existing("web", Map.of(), 2);
        existing("www", Map.of(), 3);
        assertThat(rejected(decide(new RenameProfile(P, "default", "other"), 4)))
                .isEqualTo(new Rejected(ErrorCode.FORBIDDEN, "The \"default\" profile cannot be renamed"));
        assertThat(rejected(decide(new RenameProfile(P, "web", "www"), 4)))
                .isEqualTo(new Rejected(ErrorCode.CONFLICT, "Name \"www\" already in use"));
        assertThat(rejected(decide(new RenameProfile(P, "nope", "x"), 4)))
                .isEqualTo(new Rejected(ErrorCode.NOT_FOUND, "Profile not found"));
        assertThat(rejected(decide(new RenameProfile(P, "web", ".."), 4)).code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void deleteWritesOneTombstone() {
        existing("web", Map.of(), 2);
        Applied applied = applied(decide(new DeleteProfile(P, "web"), 3));
        assertThat(applied.action()).isEqualTo(Actions.PROFILE_DELETED);
        assertThat(applied.writes()).containsExactly(new ProfileWrite(P, "web", null, 3));
    }

    @Test
    void deleteRules() {
        existing("default", Map.of(), 1);
        existing("web", Map.of(), 2);
        assertThat(rejected(decide(new DeleteProfile(P, "default"), 3)))
                .isEqualTo(new Rejected(ErrorCode.FORBIDDEN, "The \"default\" profile cannot be deleted"));
        assertThat(rejected(decide(new DeleteProfile(P, "nope"), 3)))
                .isEqualTo(new Rejected(ErrorCode.NOT_FOUND, "Profile not found"));
        usage = (project, name) -> name.equals("web") ? List.of("/1.0/instances/c1") : List.of();
        assertThat(rejected(decide(new DeleteProfile(P, "web"), 3)))
                .isEqualTo(new Rejected(ErrorCode.BAD_REQUEST, "Profile is currently in use"));
    }

    @Test
    void aCommandWithoutProjectIsRefused() {
        assertThat(rejected(decide(new CreateProfile(null, "p", "", Map.of(), Map.of()), 1)).code())
                .isEqualTo(ErrorCode.BAD_REQUEST);
    }
}
