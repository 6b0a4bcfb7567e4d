package io.lxbus.instance.domain;

/** What a config map or device set belongs to; some keys are allowed on instances only. */
public enum ConfigScope {
    /** A profile's config or devices. */
    PROFILE,
    /** An instance's own (local) config or devices. */
    INSTANCE
}
