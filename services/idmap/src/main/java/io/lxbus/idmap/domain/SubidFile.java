package io.lxbus.idmap.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Root's lines of a subordinate id file ({@code /etc/subuid} or {@code /etc/subgid}, lines {@code user:start:count}).
 * A line counts for root when its user is {@code root} or {@code 0}; text after {@code #} and blank lines are
 * ignored; a malformed line is reported in {@link #problems()} and skipped.
 *
 * @param root     root's ranges in file order
 * @param problems one sentence per skipped line, for the log
 */
public record SubidFile(IdRanges root, List<String> problems) {

    public SubidFile {
        problems = List.copyOf(problems);
    }

    /** Parses a file's text. */
    public static SubidFile parse(String text) {
        List<IdRange> ranges = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            String content = (hash < 0 ? line : line.substring(0, hash)).strip();
            if (content.isEmpty()) {
                continue;
            }
            String[] fields = content.split(":", -1);
            if (fields.length != 3) {
                problems.add(bad(i + 1, line, "expected user:start:count"));
                continue;
            }
            String user = fields[0].strip();
            long start = number(fields[1]);
            long count = number(fields[2]);
            if (start < 0 || count < 1 || start + count - 1 > IdRange.MAX_ID) {
                problems.add(bad(i + 1, line, "start and count must be ids with start + count - 1 <= "
                        + IdRange.MAX_ID + " and count >= 1"));
                continue;
            }
            if (user.equals("root") || user.equals("0")) {
                ranges.add(new IdRange(start, count));
            }
        }
        return new SubidFile(new IdRanges(ranges), problems);
    }

    private static long number(String field) {
        String digits = field.strip();
        return digits.matches("\\d{1,10}") ? Long.parseLong(digits) : -1;
    }

    private static String bad(int number, String line, String why) {
        return "line " + number + " \"" + line.strip() + "\" skipped: " + why;
    }
}
