package io.lxbus.instance.domain;

import io.lxbus.events.Profile;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** LXD's verified merge example (compat notes §10). */
class ProfileExpansionTest {
    private static Profile profile(String name, Map<String, String> config, Map<String, Map<String, String>> devices) {
        return new Profile("default", name, "", config, devices, 1, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void laterProfilesWinKeyByKeyAndLocalWinsOverAll() {
        List<Profile> profiles = List.of(profile("default", Map.of(), Map.of()),
                profile("pa", Map.of("user.k", "pa", "user.only", "pa"), Map.of()),
                profile("pb", Map.of("user.k", "pb"), Map.of()));
        assertThat(ProfileExpansion.config(profiles, Map.of())).containsEntry("user.k", "pb")
                .containsEntry("user.only", "pa");
        assertThat(ProfileExpansion.config(profiles, Map.of("user.k", "inst"))).containsEntry("user.k", "inst");
    }

    @Test
    void aSameNamedDeviceIsReplacedWhole() {
        List<Profile> profiles = List.of(profile("pa", Map.of(), Map.of("pd",
                Map.of("type", "disk", "source", "/tmp", "path", "/mnt/pd", "readonly", "true"))));
        Map<String, Map<String, String>> devices = ProfileExpansion.devices(profiles, Map.of("pd",
                Map.of("type", "disk", "source", "/run/example", "path", "/mnt/pd")));
        assertThat(devices.get("pd")).doesNotContainKey("readonly").containsEntry("source", "/run/example");
    }

    @Test
    void theRootDiskIsTheDiskAtSlash() {
        assertThat(ProfileExpansion.rootDisk(Map.of("d", Map.of("type", "disk", "path", "/mnt", "source", "/x"))))
                .isEmpty();
        assertThat(ProfileExpansion.rootDisk(Map.of("r", Map.of("type", "disk", "path", "/", "pool", "p"))))
                .get().extracting(Map.Entry::getKey).isEqualTo("r");
    }
}
