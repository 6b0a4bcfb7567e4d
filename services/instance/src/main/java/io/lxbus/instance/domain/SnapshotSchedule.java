package io.lxbus.instance.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * LXD's {@code snapshots.schedule}: one cron spec {@code <minute> <hour> <day-of-month> <month> <day-of-week>} or
 * alias, or several joined by {@code ", "}. Specs are read as LXD's robfig/cron v3 {@code ParseStandard} reads them
 * (lists, ranges, steps, {@code N/step} = {@code N-max/step}, {@code *} and {@code ?}, month and weekday names,
 * day-of-week 0-6 with 0 Sunday — 7 is refused as there; day-of-month and day-of-week either-or unless one is
 * {@code *}) and checked with its error texts. Aliases other than {@code @midnight} fire at a minute (and hour) of
 * their own per instance, as LXD spreads them; {@code @never} never fires.
 */
public final class SnapshotSchedule {
    /** LXD's reason for a spec that is not five space-separated fields. */
    static final String FORM = "Schedule must be of the form: <minute> <hour> <day-of-month> <month> <day-of-week>";
    private static final Map<String, String> ALIASES = Map.of(
            "@hourly", "%m * * * *", "@daily", "%m %h * * *", "@midnight", "%m 0 * * *",
            "@weekly", "%m %h * * 0", "@monthly", "%m %h 1 * *", "@annually", "%m %h 1 1 *",
            "@yearly", "%m %h 1 1 *", "@never", "");
    private static final long STAR = 1L << 63;
    private static final Field MINUTE = new Field(0, 59, Map.of());
    private static final Field HOUR = new Field(0, 23, Map.of());
    private static final Field DOM = new Field(1, 31, Map.of());
    private static final Field MONTH = new Field(1, 12, Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2),
            Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7),
            Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11),
            Map.entry("dec", 12)));
    private static final Field DOW = new Field(0, 6, Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4,
            "fri", 5, "sat", 6));

    private final long minutes;
    private final long hours;
    private final long days;
    private final long months;
    private final long weekdays;

    private SnapshotSchedule(long[] bits) {
        this.minutes = bits[0];
        this.hours = bits[1];
        this.days = bits[2];
        this.months = bits[3];
        this.weekdays = bits[4];
    }

    /** The config table's check (LXD's {@code validate.IsCron} with 5.0.2's aliases). */
    static ValueCheck check() {
        return SnapshotSchedule::problem;
    }

    /** Why {@code value} is not a schedule LXD accepts, or empty. */
    public static Optional<String> problem(String value) {
        for (String trigger : value.toLowerCase(Locale.ROOT).split(", ", -1)) {
            if (ALIASES.containsKey(trigger)) {
                continue;
            }
            if (trigger.split(" ", -1).length != 5) {
                return Optional.of(FORM);
            }
            Parsed parsed = parse(trigger);
            if (parsed.error() != null) {
                return Optional.of("Error parsing schedule: " + parsed.error());
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code value} fires at {@code minute} for the instance {@code subject} (its uuid spreads the aliases).
     * Unreadable specs never fire.
     */
    public static boolean firesAt(String value, String subject, ZonedDateTime minute) {
        if (value == null || value.isBlank()) {
            return false;
        }
        List<String> specs = new ArrayList<>();
        if (value.contains(", ")) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    specs.add(part.strip());
                }
            }
        } else {
            specs.add(value);
        }
        for (String spec : specs) {
            String cron = syntax(spec, subject);
            if (cron.isEmpty()) {
                continue;
            }
            Parsed parsed = parse(cron);
            if (parsed.schedule() != null && parsed.schedule().matches(minute)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The minute a check at {@code now} decides for: the next one, as LXD's task asks whether the schedule's next
     * time after the current minute is one minute away.
     */
    public static ZonedDateTime minuteDecidedAt(Instant now, ZoneId zone) {
        return now.atZone(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    }

    /** The cron spec of an alias (with this subject's minute and hour), or the spec itself. */
    static String syntax(String spec, String subject) {
        String alias = ALIASES.get(spec.toLowerCase(Locale.ROOT));
        if (alias == null) {
            return spec;
        }
        int seed = subject == null ? 0 : subject.hashCode();
        return alias.replace("%m", Integer.toString(Math.floorMod(seed, 60)))
                .replace("%h", Integer.toString(Math.floorMod(seed / 60, 24)));
    }

    /** Reads one five-field spec as robfig/cron's standard parser does. */
    static Parsed parse(String spec) {
        String text = spec.strip();
        if (text.isEmpty()) {
            return Parsed.failed("empty spec string");
        }
        if (text.startsWith("@")) {
            return Parsed.failed("unrecognized descriptor: " + text);
        }
        String[] fields = text.split("\\s+");
        if (fields.length != 5) {
            return Parsed.failed("expected exactly 5 fields, found " + fields.length + ": ["
                    + String.join(" ", fields) + "]");
        }
        Field[] bounds = {MINUTE, HOUR, DOM, MONTH, DOW};
        long[] bits = new long[5];
        for (int i = 0; i < 5; i++) {
            long value = 0;
            for (String range : fields[i].split(",")) {
                if (range.isEmpty()) {
                    continue;
                }
                RangeBits parsed = range(range, bounds[i]);
                if (parsed.error() != null) {
                    return Parsed.failed(parsed.error());
                }
                value |= parsed.bits();
            }
            bits[i] = value;
        }
        return new Parsed(new SnapshotSchedule(bits), null);
    }

    /** Whether this spec fires in the minute {@code t} (seconds ignored). */
    boolean matches(ZonedDateTime t) {
        return has(minutes, t.getMinute()) && has(hours, t.getHour()) && has(months, t.getMonthValue())
                && dayMatches(t);
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean dom = has(days, t.getDayOfMonth());
        boolean dow = has(weekdays, t.getDayOfWeek().getValue() % 7);
        if ((days & STAR) != 0 || (weekdays & STAR) != 0) {
            return dom && dow;
        }
        return dom || dow;
    }

    private static boolean has(long bits, int value) {
        return (bits & (1L << value)) != 0;
    }

    private static RangeBits range(String expr, Field field) {
        String[] rangeAndStep = expr.split("/", -1);
        String[] lowAndHigh = rangeAndStep[0].split("-", -1);
        boolean single = lowAndHigh.length == 1;
        long start;
        long end;
        long extra = 0;
        if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
            start = field.min();
            end = field.max();
            extra = STAR;
        } else {
            Number first = number(lowAndHigh[0], field.names());
            if (first.error() != null) {
                return RangeBits.failed(first.error());
            }
            start = first.value();
            if (lowAndHigh.length == 1) {
                end = start;
            } else if (lowAndHigh.length == 2) {
                Number last = number(lowAndHigh[1], field.names());
                if (last.error() != null) {
                    return RangeBits.failed(last.error());
                }
                end = last.value();
            } else {
                return RangeBits.failed("too many hyphens: " + expr);
            }
        }
        long step;
        if (rangeAndStep.length == 1) {
            step = 1;
        } else if (rangeAndStep.length == 2) {
            Number parsed = number(rangeAndStep[1], Map.of());
            if (parsed.error() != null) {
                return RangeBits.failed(parsed.error());
            }
            step = parsed.value();
            if (single) {
                end = field.max();
            }
            if (step > 1) {
                extra = 0;
            }
        } else {
            return RangeBits.failed("too many slashes: " + expr);
        }
        if (start < field.min()) {
            return RangeBits.failed("beginning of range (" + start + ") below minimum (" + field.min() + "): " + expr);
        }
        if (end > field.max()) {
            return RangeBits.failed("end of range (" + end + ") above maximum (" + field.max() + "): " + expr);
        }
        if (start > end) {
            return RangeBits.failed("beginning of range (" + start + ") beyond end of range (" + end + "): " + expr);
        }
        if (step == 0) {
            return RangeBits.failed("step of range should be a positive number: " + expr);
        }
        long bits = 0;
        for (long i = start; i <= end; i += step) {
            bits |= 1L << i;
        }
        return new RangeBits(bits | extra, null);
    }

    /** Go's {@code strconv.Atoi} with robfig's names and its errors. */
    private static Number number(String expr, Map<String, Integer> names) {
        Integer named = names.get(expr.toLowerCase(Locale.ROOT));
        if (named != null) {
            return new Number(named, null);
        }
        if (!expr.matches("[+-]?[0-9]+")) {
            return new Number(0, "failed to parse int from " + expr + ": strconv.Atoi: parsing \"" + expr
                    + "\": invalid syntax");
        }
        long value;
        try {
            value = Long.parseLong(expr.startsWith("+") ? expr.substring(1) : expr);
        } catch (NumberFormatException e) {
            return new Number(0, "failed to parse int from " + expr + ": strconv.Atoi: parsing \"" + expr
                    + "\": value out of range");
        }
        if (value < 0) {
            return new Number(0, "negative number (" + value + ") not allowed: " + expr);
        }
        return new Number(value, null);
    }

    private record Field(int min, int max, Map<String, Integer> names) {
    }

    private record Number(long value, String error) {
    }

    private record RangeBits(long bits, String error) {
        static RangeBits failed(String error) {
            return new RangeBits(0, error);
        }
    }

    /**
     * One spec read, or why not (robfig's words).
     *
     * @param schedule the spec, or null
     * @param error    why it cannot be read, or null
     */
    record Parsed(SnapshotSchedule schedule, String error) {
        static Parsed failed(String error) {
            return new Parsed(null, error);
        }
    }
}
