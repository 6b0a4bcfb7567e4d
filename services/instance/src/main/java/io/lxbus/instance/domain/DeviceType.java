package io.lxbus.instance.domain;

import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * One device type's table: the keys it accepts with their validators, and a rule across keys.
 *
 * @param name      the {@code type} value ({@code disk}, {@code nic}, ...)
 * @param keys      accepted keys (besides {@code type}) and their checks; a key ending in {@code .} is a prefix
 * @param crossRule what must hold between keys (given the device and the scope), or empty when it does
 */
public record DeviceType(String name, Map<String, ValueCheck> keys,
                         BiFunction<Map<String, String>, ConfigScope, Optional<String>> crossRule) {

    /** The check for {@code key}, or empty when this type does not know the key. */
    public Optional<ValueCheck> check(String key) {
        ValueCheck exact = keys.get(key);
        if (exact != null) {
            return Optional.of(exact);
        }
        return keys.entrySet().stream()
                .filter(e -> e.getKey().endsWith(".") && key.startsWith(e.getKey()) && key.length() > e.getKey().length())
                .map(Map.Entry::getValue).findFirst();
    }
}
