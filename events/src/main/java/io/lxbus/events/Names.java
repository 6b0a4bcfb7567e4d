package io.lxbus.events;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * LXD's naming rules, which every producer of commands applies before sending and every owner
 * applies again on receipt. Each check returns the error a user sees, or empty when the name is fine.
 */
public final class Names {
    private static final Pattern HOSTNAME = Pattern.compile("[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?");

    private Names() {
    }

    /** A profile name: not empty, no slash, not {@code .} or {@code ..} (LXD 5.0 rules). */
    public static Optional<String> profileNameError(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("No name provided");
        }
        if (name.contains("/")) {
            return Optional.of("Profile names may not contain slashes");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("Invalid profile name \"" + name + "\"");
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f || Character.isWhitespace(c))) {
            return Optional.of("Profile names may not contain white space or control characters");
        }
        return Optional.empty();
    }

    /** A snapshot name (LXD 5.0 rules): not empty, no slash, no white space, not {@code .} or {@code ..}. */
    public static Optional<String> snapshotNameError(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("No name provided");
        }
        if (name.contains("/")) {
            return Optional.of("Snapshot names may not contain slashes");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("Invalid snapshot name \"" + name + "\"");
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f || Character.isWhitespace(c))) {
            return Optional.of("Snapshot names may not contain white space or control characters");
        }
        return Optional.empty();
    }

    /** An instance name: a valid host name of at most 63 characters, starting with a letter. */
    public static Optional<String> instanceNameError(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("No name provided");
        }
        if (!HOSTNAME.matcher(name).matches()) {
            return Optional.of("Invalid instance name \"" + name + "\": names must be 1 to 63 letters, digits or"
                    + " hyphens, start with a letter and not end with a hyphen");
        }
        return Optional.empty();
    }
}
