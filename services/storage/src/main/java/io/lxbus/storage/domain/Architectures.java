package io.lxbus.storage.domain;

import java.util.Map;

/** LXD's architecture names and the aliases images use for them. */
public final class Architectures {
    private static final Map<String, String> ALIASES = Map.of(
            "amd64", "x86_64", "x86_64", "x86_64", "arm64", "aarch64", "aarch64", "aarch64",
            "i386", "i686", "i686", "i686", "armhf", "armv7l", "armv7l", "armv7l",
            "ppc64el", "ppc64le", "s390x", "s390x");

    private Architectures() {
    }

    /** The kernel's name for an architecture ({@code amd64} → {@code x86_64}); unknown names pass through. */
    public static String normalize(String name) {
        return ALIASES.getOrDefault(name.trim(), name.trim());
    }
}
