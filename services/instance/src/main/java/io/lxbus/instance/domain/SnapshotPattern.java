package io.lxbus.instance.domain;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LXD's {@code NextSnapshotName}: the name of a snapshot taken without one, from {@code snapshots.pattern} (default
 * {@code snap%d}). The pattern is a pongo2 template first — lxbus renders {@code {{ creation_date }}} and
 * {@code {{ creation_date|date:'<Go layout>' }}} — then {@code %d} (at most once) becomes one past the highest number
 * in use at that place; a name without {@code %d} that is taken gets {@code -%d} added.
 */
public final class SnapshotPattern {
    /** The pattern of unnamed snapshots when {@code snapshots.pattern} is unset (LXD's). */
    static final String DEFAULT = "snap%d";
    /** LXD's refusal of a pattern with two {@code %d}. */
    static final String TWICE = "Snapshot pattern may contain '%d' only once";
    private static final Pattern TAG = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:\\|\\s*([a-zA-Z_]+)"
            + "\\s*(?::\\s*(?:'([^']*)'|\"([^\"]*)\"))?\\s*)?}}");

    private SnapshotPattern() {
    }

    /** The next name under {@code pattern} (null or empty: {@code snap%d}), or LXD's reason it cannot be made. */
    public static Naming next(String pattern, List<String> existing, ZonedDateTime creation) {
        String text = pattern == null || pattern.isEmpty() ? DEFAULT : pattern;
        Naming rendered = render(text, creation);
        if (rendered.error() != null) {
            return rendered;
        }
        String name = rendered.name();
        int count = name.split("%d", -1).length - 1;
        if (count > 1) {
            return new Naming(null, TWICE);
        }
        if (count == 1) {
            return new Naming(name.replace("%d", Long.toString(nextIndex(name, existing))), null);
        }
        if (existing.contains(name)) {
            String numbered = name + "-%d";
            return new Naming(numbered.replace("%d", Long.toString(nextIndex(numbered, existing))), null);
        }
        return new Naming(name, null);
    }

    /** LXD's {@code GetNextInstanceSnapshotIndex}: names read as {@code Sscanf(name, "<before>%d<after>")}. */
    static long nextIndex(String pattern, List<String> existing) {
        int at = pattern.indexOf("%d");
        String before = pattern.substring(0, at);
        String after = pattern.substring(at + 2);
        Pattern number = Pattern.compile("[+-]?[0-9]+");
        long next = 0;
        for (String name : existing) {
            if (!name.startsWith(before)) {
                continue;
            }
            Matcher m = number.matcher(name).region(before.length(), name.length());
            if (!m.lookingAt()) {
                continue;
            }
            String rest = name.substring(m.end());
            if (!after.isEmpty() && !rest.startsWith(after)) {
                continue;
            }
            long value;
            try {
                value = Long.parseLong(m.group().startsWith("+") ? m.group().substring(1) : m.group());
            } catch (NumberFormatException e) {
                continue;
            }
            if (value >= next) {
                next = value + 1;
            }
        }
        return next;
    }

    /** The template with its {@code {{ … }}} tags filled in; unknown variables are empty, as in pongo2. */
    static Naming render(String template, ZonedDateTime creation) {
        StringBuilder out = new StringBuilder();
        Matcher m = TAG.matcher(template);
        int last = 0;
        while (m.find()) {
            out.append(template, last, m.start());
            last = m.end();
            String filter = m.group(2);
            String argument = m.group(3) != null ? m.group(3) : m.group(4);
            if (filter != null && !filter.equals("date")) {
                return new Naming(null, "Filter '" + filter + "' does not exist.");
            }
            if (!m.group(1).equals("creation_date")) {
                continue;
            }
            out.append(GoTimeLayout.format(creation, filter == null || argument == null
                    ? GoTimeLayout.DEFAULT : argument));
        }
        out.append(template.substring(last));
        if (out.indexOf("{{") >= 0 || out.indexOf("{%") >= 0) {
            return new Naming(null, "Unsupported template in snapshot pattern: " + template);
        }
        return new Naming(out.toString(), null);
    }

    /**
     * A snapshot name or why none can be made.
     *
     * @param name  the name, or null
     * @param error LXD's reason, or null
     */
    public record Naming(String name, String error) {
    }
}
