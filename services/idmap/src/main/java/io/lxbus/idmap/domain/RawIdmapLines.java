package io.lxbus.idmap.domain;

import io.lxbus.events.IdmapEntry;

import java.util.Locale;

/**
 * {@code raw.idmap} read as LXD's {@code ParseRawIdmap} reads it: lines {@code both|uid|gid <host>[-<host>]
 * <container>[-<container>]}, blank lines skipped, each line added to the ones before with {@link IdmapSet#addSafe}.
 */
public final class RawIdmapLines {
    private RawIdmapLines() {
    }

    /** The lines as one map; throws {@link IllegalArgumentException} with a sentence for the first bad line. */
    public static IdmapSet parse(String text) {
        IdmapSet set = IdmapSet.EMPTY;
        if (text == null) {
            return set;
        }
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            IdmapEntry entry = line(line);
            try {
                set = set.addSafe(entry);
            } catch (IdmapSet.HostIdsTaken e) {
                throw new IllegalArgumentException("Invalid raw.idmap line \"" + line + "\": " + e.getMessage());
            }
        }
        return set;
    }

    private static IdmapEntry line(String line) {
        String[] fields = line.split("\\s+");
        if (fields.length != 3) {
            throw bad(line, "expected \"both|uid|gid <host id>[-<host id>] <container id>[-<container id>]\"");
        }
        String kind = fields[0].toLowerCase(Locale.ROOT);
        if (!kind.equals("both") && !kind.equals("uid") && !kind.equals("gid")) {
            throw bad(line, "the first word must be both, uid or gid");
        }
        IdRange host = range(fields[1], line);
        IdRange ns = range(fields[2], line);
        if (host.size() != ns.size()) {
            throw bad(line, "the host range has " + host.size() + " ids but the container range has " + ns.size());
        }
        return new IdmapEntry(!kind.equals("gid"), !kind.equals("uid"), host.start(), ns.start(), host.size());
    }

    private static IdRange range(String field, String line) {
        String[] ends = field.split("-", -1);
        if (ends.length > 2 || !ends[0].matches("\\d{1,10}") || (ends.length == 2 && !ends[1].matches("\\d{1,10}"))) {
            throw bad(line, "\"" + field + "\" is not an id or a range of ids");
        }
        long start = Long.parseLong(ends[0]);
        long end = ends.length == 2 ? Long.parseLong(ends[1]) : start;
        if (end < start || end > IdRange.MAX_ID) {
            throw bad(line, "\"" + field + "\" is not an id or a range of ids");
        }
        return new IdRange(start, end - start + 1);
    }

    private static IllegalArgumentException bad(String line, String why) {
        return new IllegalArgumentException("Invalid raw.idmap line \"" + line + "\": " + why);
    }
}
