package io.lxbus.events;

/**
 * Where a new instance's root file system comes from.
 *
 * @param type        {@code image} (the only kind for now) or {@code none}
 * @param fingerprint the image's full fingerprint (resolved from an alias by the gateway or the owner)
 * @param alias       the alias the user named, if any
 */
public record InstanceSource(String type, String fingerprint, String alias) {
}
