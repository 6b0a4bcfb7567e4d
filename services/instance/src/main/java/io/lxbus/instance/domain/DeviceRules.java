package io.lxbus.instance.domain;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Validates devices against {@link DeviceTypes}; every message names the device and, where one is at fault, the key. */
public final class DeviceRules {

    private DeviceRules() {
    }

    /** The first error among {@code devices} (by device name), or empty when all are valid. */
    public static Optional<String> problem(Map<String, Map<String, String>> devices, ConfigScope scope) {
        if (devices == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, Map<String, String>> entry : new TreeMap<>(devices).entrySet()) {
            Optional<String> problem = problem(entry.getKey(), entry.getValue(), scope);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    /** The error in one device, or empty when it is valid. */
    public static Optional<String> problem(String name, Map<String, String> device, ConfigScope scope) {
        if (name == null || name.isEmpty() || name.contains("/") || name.chars().anyMatch(Character::isWhitespace)) {
            return Optional.of("Invalid device name \"" + name + "\": it must not be empty or contain a slash or"
                    + " white space");
        }
        String prefix = "Device \"" + name + "\": ";
        if (device == null) {
            return Optional.of(prefix + "Missing device type");
        }
        String typeName = device.get("type");
        if (typeName == null || typeName.isEmpty()) {
            return Optional.of(prefix + "Missing device type");
        }
        Optional<DeviceType> type = DeviceTypes.named(typeName);
        if (type.isEmpty()) {
            return Optional.of(prefix + "Unknown device type \"" + typeName + "\" (known: "
                    + String.join(", ", DeviceTypes.names()) + ")");
        }
        for (Map.Entry<String, String> entry : new TreeMap<>(device).entrySet()) {
            String key = entry.getKey();
            if (key.equals("type")) {
                continue;
            }
            Optional<ValueCheck> check = type.get().check(key);
            if (check.isEmpty()) {
                return Optional.of(prefix + "Invalid device option \"" + key + "\" for a " + typeName + " device");
            }
            String value = entry.getValue();
            if (value != null && !value.isEmpty()) {
                Optional<String> why = check.get().problem(value);
                if (why.isPresent()) {
                    return Optional.of(prefix + "Invalid value for \"" + key + "\": " + why.get());
                }
            }
        }
        return type.get().crossRule().apply(device, scope).map(why -> prefix + why);
    }
}
