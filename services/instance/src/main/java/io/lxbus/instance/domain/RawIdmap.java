package io.lxbus.instance.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parses {@code raw.idmap}: lines of {@code both|uid|gid <host>[-<host>] <ns>[-<ns>]}; blank lines are skipped. */
public final class RawIdmap {
    private static final long MAX_ID = 4_294_967_294L;

    private RawIdmap() {
    }

    /** The entries, in order; throws with a user-facing reason on the first bad line. */
    public static List<IdmapEntry> parse(String text) {
        List<IdmapEntry> entries = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty()) {
                continue;
            }
            IdmapEntry entry = parseLine(line, i + 1);
            for (int j = 0; j < entries.size(); j++) {
                if (sharesHostIds(entries.get(j), entry)) {
                    throw bad(i + 1, line, "its host ids are already mapped by line " + numbers.get(j)
                            + " (a host id can be mapped only once)");
                }
            }
            entries.add(entry);
            numbers.add(i + 1);
        }
        return entries;
    }

    private static IdmapEntry parseLine(String line, int number) {
        String[] fields = line.split("\\s+");
        if (fields.length != 3) {
            throw bad(number, line, "expected \"both|uid|gid <host id>[-<host id>] <container id>[-<container id>]\"");
        }
        IdmapEntry.Kind kind;
        try {
            kind = IdmapEntry.Kind.valueOf(fields[0].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad(number, line, "the first word must be both, uid or gid");
        }
        long[] host = range(fields[1], number, line);
        long[] ns = range(fields[2], number, line);
        long hostSize = host[1] - host[0] + 1;
        long nsSize = ns[1] - ns[0] + 1;
        if (hostSize != nsSize) {
            throw bad(number, line, "the host range has " + hostSize + " ids but the container range has " + nsSize);
        }
        return new IdmapEntry(kind, host[0], ns[0], hostSize);
    }

    private static boolean sharesHostIds(IdmapEntry a, IdmapEntry b) {
        boolean sameKind = a.kind() == b.kind() || a.kind() == IdmapEntry.Kind.BOTH || b.kind() == IdmapEntry.Kind.BOTH;
        return sameKind && a.hostStart() < b.hostStart() + b.size() && b.hostStart() < a.hostStart() + a.size();
    }

    private static long[] range(String field, int number, String line) {
        String[] ends = field.split("-", -1);
        if (ends.length > 2) {
            throw bad(number, line, "\"" + field + "\" is not an id or a range of ids");
        }
        long start = id(ends[0], number, line);
        long end = ends.length == 2 ? id(ends[1], number, line) : start;
        if (end < start) {
            throw bad(number, line, "the range \"" + field + "\" ends before it starts");
        }
        return new long[] {start, end};
    }

    private static long id(String text, int number, String line) {
        if (!text.matches("\\d{1,10}") || Long.parseLong(text) > MAX_ID) {
            throw bad(number, line, "\"" + text + "\" is not a valid id");
        }
        return Long.parseLong(text);
    }

    private static IllegalArgumentException bad(int number, String line, String why) {
        return new IllegalArgumentException("Invalid raw.idmap line " + number + " \"" + line + "\": " + why);
    }
}
