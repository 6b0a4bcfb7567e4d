package io.lxbus.instance.domain;

import java.util.List;
import java.util.Optional;

/**
 * Checks {@code raw.lxc}: every line that is not blank or a {@code #} comment is {@code lxc.<key> = <value>}.
 * Keys that lxbus writes itself (id map, root filesystem, host name, networking, logging) are refused: a raw
 * line would silently fight the value the idmap, storage and network services own.
 */
public final class RawLxc {
    /** Keys and key prefixes lxbus manages; a raw line may not set them. */
    public static final List<String> MANAGED = List.of(
            "lxc.idmap", "lxc.id_map", "lxc.rootfs.path", "lxc.rootfs", "lxc.uts.name", "lxc.utsname",
            "lxc.net.", "lxc.network.", "lxc.log.file", "lxc.logfile", "lxc.log.syslog", "lxc.syslog",
            "lxc.ephemeral");

    private RawLxc() {
    }

    /** Why the text is not acceptable raw LXC config, or empty when it is. */
    public static Optional<String> problem(String text) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                return Optional.of(bad(i + 1, line, "expected \"lxc.<key> = <value>\""));
            }
            String key = line.substring(0, equals).trim();
            if (!key.startsWith("lxc.") || key.length() == 4 || !key.matches("[a-z0-9_.\\[\\]]+")) {
                return Optional.of(bad(i + 1, line, "\"" + key + "\" is not an lxc.* key"));
            }
            for (String managed : MANAGED) {
                if (managed.endsWith(".") ? key.startsWith(managed) : key.equals(managed)) {
                    return Optional.of(bad(i + 1, line, "\"" + key + "\" is managed by lxbus and cannot be set"
                            + " in raw.lxc"));
                }
            }
        }
        return Optional.empty();
    }

    private static String bad(int number, String line, String why) {
        return "Invalid raw.lxc line " + number + " \"" + line + "\": " + why;
    }
}
