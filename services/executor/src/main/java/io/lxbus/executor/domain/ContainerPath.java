package io.lxbus.executor.domain;

/**
 * A path inside a container as the API names it ({@code ?path=}, with or without the leading {@code /}), split into
 * the folder that holds it and its last name. Resolving it is not done here: every lookup happens inside the
 * container's root (openat2 with RESOLVE_IN_ROOT), so {@code ..} and symlinks cannot leave it whatever the text says.
 *
 * @param full   the path with a leading {@code /} and no trailing one (except the root itself)
 * @param parent the folder holding it ({@code /} at the top)
 * @param name   its last name; empty for the root
 */
public record ContainerPath(String full, String parent, String name) {

    /** Parses the API's {@code path} parameter; refuses an empty one or one with a NUL byte. */
    public static ContainerPath of(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new IllegalArgumentException("Missing path argument");
        }
        if (raw.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Invalid path: it contains a NUL byte");
        }
        String full = raw.startsWith("/") ? raw : "/" + raw;
        while (full.length() > 1 && full.endsWith("/")) {
            full = full.substring(0, full.length() - 1);
        }
        int slash = full.lastIndexOf('/');
        String parent = slash == 0 ? "/" : full.substring(0, slash);
        return new ContainerPath(full, parent, full.substring(slash + 1));
    }

    /** The last name, refusing the root, {@code .} and {@code ..} (they name no entry that can be made or removed). */
    public String entryName() {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("Invalid path " + full + ": it must end in a file name");
        }
        return name;
    }

    /** A symlink target as LXD reports it: absolute, relative ones taken from the link's folder, cleaned lexically. */
    public String absoluteTarget(String target) {
        String joined = target.startsWith("/") ? target : (parent.equals("/") ? "/" : parent + "/") + target;
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (String part : joined.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }
}
