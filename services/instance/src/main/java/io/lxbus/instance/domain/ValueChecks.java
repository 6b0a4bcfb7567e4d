package io.lxbus.instance.domain;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lxbus.events.IdmapEntry;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small validators that the config and device tables are built from, as LXD's {@code shared/validate}. */
public final class ValueChecks {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)");
    private static final Map<String, Long> SIZE_UNITS = Map.ofEntries(
            Map.entry("", 1L), Map.entry("b", 1L),
            Map.entry("kb", 1000L), Map.entry("mb", 1000L * 1000), Map.entry("gb", 1000L * 1000 * 1000),
            Map.entry("tb", 1000L * 1000 * 1000 * 1000), Map.entry("pb", 1000L * 1000 * 1000 * 1000 * 1000),
            Map.entry("eb", 1000L * 1000 * 1000 * 1000 * 1000 * 1000),
            Map.entry("kib", 1L << 10), Map.entry("mib", 1L << 20), Map.entry("gib", 1L << 30),
            Map.entry("tib", 1L << 40), Map.entry("pib", 1L << 50), Map.entry("eib", 1L << 60));
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)%");
    private static final Pattern IOPS = Pattern.compile("\\d+iops");
    private static final Pattern MAC = Pattern.compile("([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]*:[0-9a-fA-F:.]*");

    private static final ObjectMapper IDMAP_JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final TypeReference<List<IdmapEntry>> IDMAP_ENTRIES = new TypeReference<>() { };

    private ValueChecks() {
    }

    /** {@code true} or {@code false}, in LXD's accepted spellings. */
    public static ValueCheck bool() {
        List<String> accepted = List.of("true", "false", "1", "0", "yes", "no", "on", "off");
        return value -> accepted.contains(value.toLowerCase(Locale.ROOT))
                ? Optional.empty() : Optional.of("Invalid value for a boolean \"" + value + "\"");
    }

    /** A whole number between {@code min} and {@code max}, both included. */
    public static ValueCheck integer(long min, long max) {
        return value -> {
            long number;
            try {
                number = Long.parseLong(value);
            } catch (NumberFormatException e) {
                return Optional.of("Invalid value for an integer \"" + value + "\"");
            }
            if (number < min || number > max) {
                return Optional.of("Value " + number + " is out of range (" + min + " to " + max + ")");
            }
            return Optional.empty();
        };
    }

    /** A whole number of zero or more. */
    public static ValueCheck nonNegative() {
        return integer(0, Long.MAX_VALUE);
    }

    /** A byte size: a number of bytes, or a number with a unit such as {@code 64MiB}, {@code 1GB}, {@code 256MB}. */
    public static ValueCheck size() {
        return value -> parseBytes(value).isPresent() ? Optional.empty()
                : Optional.of("Invalid size \"" + value + "\": expected a number with an optional unit"
                        + " (B, kB, MB, GB, TB, KiB, MiB, GiB, TiB, ...)");
    }

    /** A byte size or a percentage such as {@code 50%}. */
    public static ValueCheck sizeOrPercent() {
        return value -> {
            Matcher percent = PERCENT.matcher(value);
            if (percent.matches()) {
                double share = Double.parseDouble(percent.group(1));
                return share > 0 && share <= 100 ? Optional.empty()
                        : Optional.of("Invalid percentage \"" + value + "\": expected more than 0% and at most 100%");
            }
            return parseBytes(value).isPresent() ? Optional.empty()
                    : Optional.of("Invalid size or percentage \"" + value + "\": expected for example 256MB, 1GiB or 50%");
        };
    }

    /** An I/O limit: a byte rate ({@code 10MB}) or operations per second ({@code 100iops}). */
    public static ValueCheck ioLimit() {
        return value -> IOPS.matcher(value).matches() || parseBytes(value).isPresent() ? Optional.empty()
                : Optional.of("Invalid I/O limit \"" + value + "\": expected a byte rate (10MB) or 100iops");
    }

    /** A CPU limit: a count ({@code 2}) or a pin set ({@code 0-3}, {@code 1,3}, {@code 0-1,4}). */
    public static ValueCheck cpuLimit() {
        return value -> {
            if (value.matches("\\d+")) {
                return integer(1, 65536).problem(value).map(why -> "Invalid CPU count \"" + value
                        + "\": expected at least 1");
            }
            for (String part : value.split(",", -1)) {
                String[] ends = part.split("-", -1);
                if (ends.length > 2 || !Arrays.stream(ends).allMatch(end -> end.matches("\\d{1,5}"))) {
                    return Optional.of("Invalid CPU limit \"" + value + "\": expected a count (2) or CPU ids"
                            + " and ranges (0-3, 1,3)");
                }
                if (ends.length == 2 && Integer.parseInt(ends[0]) > Integer.parseInt(ends[1])) {
                    return Optional.of("Invalid CPU range \"" + part + "\": the start is after the end");
                }
            }
            return Optional.empty();
        };
    }

    /** One of a fixed set of words. */
    public static ValueCheck oneOf(String... choices) {
        List<String> allowed = List.of(choices);
        return value -> allowed.contains(value) ? Optional.empty()
                : Optional.of("Invalid value \"" + value + "\": expected one of " + String.join(", ", allowed));
    }

    /** Any text on one line. */
    public static ValueCheck anyString() {
        return value -> value.indexOf('\n') < 0 ? Optional.empty() : Optional.of("Value must be a single line");
    }

    /** Any text, several lines included. */
    public static ValueCheck blob() {
        return value -> Optional.empty();
    }

    /** An absolute path. */
    public static ValueCheck absolutePath() {
        return value -> value.startsWith("/") ? Optional.empty()
                : Optional.of("Path \"" + value + "\" must be absolute");
    }

    /** A MAC address ({@code 00:16:3e:01:02:03}). */
    public static ValueCheck macAddress() {
        return value -> MAC.matcher(value).matches() ? Optional.empty()
                : Optional.of("Invalid MAC address \"" + value + "\"");
    }

    /** An IPv4 address. */
    public static ValueCheck ipv4() {
        return value -> IPV4.matcher(value).matches() ? Optional.empty()
                : Optional.of("Invalid IPv4 address \"" + value + "\"");
    }

    /** An IPv6 address (checked loosely for shape). */
    public static ValueCheck ipv6() {
        return value -> IPV6.matcher(value).matches() && value.length() <= 45 ? Optional.empty()
                : Optional.of("Invalid IPv6 address \"" + value + "\"");
    }

    /** A file mode in octal ({@code 0644}). */
    public static ValueCheck octalMode() {
        return value -> value.matches("0?[0-7]{3,4}") ? Optional.empty()
                : Optional.of("Invalid file mode \"" + value + "\": expected octal such as 0644");
    }

    /** The {@code raw.idmap} lines. */
    public static ValueCheck rawIdmap() {
        return value -> {
            try {
                RawIdmap.parse(value);
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage());
            }
        };
    }

    /** An id map in LXD's JSON ({@code volatile.idmap.next}): a list of {Isuid, Isgid, Hostid, Nsid, Maprange}. */
    public static ValueCheck idmapJson() {
        return value -> {
            try {
                List<IdmapEntry> entries = IDMAP_JSON.readValue(value, IDMAP_ENTRIES);
                boolean valid = entries.stream().allMatch(e -> e != null && e.maprange() > 0 && e.hostid() >= 0
                        && e.nsid() >= 0 && (e.isuid() || e.isgid()));
                return valid ? Optional.empty() : Optional.of("Invalid id map \"" + value + "\": every entry needs "
                        + "Isuid or Isgid, Hostid and Nsid of 0 or more and a Maprange of at least 1");
            } catch (java.io.IOException e) {
                return Optional.of("Invalid id map \"" + value + "\": expected LXD's JSON list of "
                        + "{\"Isuid\",\"Isgid\",\"Hostid\",\"Nsid\",\"Maprange\"}");
            }
        };
    }

    /** The {@code raw.lxc} lines. */
    public static ValueCheck rawLxc() {
        return value -> RawLxc.problem(value);
    }

    /** A size in bytes, or empty when the text is not one. */
    public static Optional<Long> parseBytes(String value) {
        Matcher matcher = SIZE.matcher(value.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Long unit = SIZE_UNITS.get(matcher.group(2).toLowerCase(Locale.ROOT));
        if (unit == null) {
            return Optional.empty();
        }
        double bytes = Double.parseDouble(matcher.group(1)) * unit;
        return bytes > Long.MAX_VALUE ? Optional.empty() : Optional.of((long) bytes);
    }
}
