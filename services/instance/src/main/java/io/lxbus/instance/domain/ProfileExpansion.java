package io.lxbus.instance.domain;

import io.lxbus.events.Profile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** LXD's profile merge: profiles in their listed order, then the instance's own values; a same-named device is replaced whole. */
public final class ProfileExpansion {

    private ProfileExpansion() {
    }

    /** Config merged key by key: later profiles win over earlier ones, local config wins over all. */
    public static Map<String, String> config(List<Profile> profiles, Map<String, String> local) {
        Map<String, String> expanded = new LinkedHashMap<>();
        for (Profile profile : profiles) {
            if (profile.config() != null) {
                expanded.putAll(profile.config());
            }
        }
        if (local != null) {
            expanded.putAll(local);
        }
        return expanded;
    }

    /** Devices merged by name: a later definition replaces an earlier one whole (its keys are not merged). */
    public static Map<String, Map<String, String>> devices(List<Profile> profiles,
                                                           Map<String, Map<String, String>> local) {
        Map<String, Map<String, String>> expanded = new LinkedHashMap<>();
        for (Profile profile : profiles) {
            if (profile.devices() != null) {
                profile.devices().forEach((name, device) -> expanded.put(name, new LinkedHashMap<>(device)));
            }
        }
        if (local != null) {
            local.forEach((name, device) -> expanded.put(name, new LinkedHashMap<>(device)));
        }
        return expanded;
    }

    /** The root disk among expanded devices: the disk mounted at {@code /}, or empty when there is none. */
    public static Optional<Map.Entry<String, Map<String, String>>> rootDisk(Map<String, Map<String, String>> devices) {
        return devices.entrySet().stream()
                .filter(entry -> entry.getValue() != null && "disk".equals(entry.getValue().get("type"))
                        && "/".equals(entry.getValue().get("path")))
                .sorted(Map.Entry.comparingByKey())
                .findFirst();
    }
}
