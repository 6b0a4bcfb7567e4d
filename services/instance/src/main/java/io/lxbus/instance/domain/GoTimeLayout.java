package io.lxbus.instance.domain;

import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Go's {@code time.Format} reference-time layouts ({@code 2006-01-02 15:04:05.000 -0700 MST}, {@code Jan},
 * {@code Monday}, {@code _2}, {@code 002}, {@code PM}, {@code Z07:00} …), which LXD's {@code snapshots.pattern} uses
 * through pongo2's {@code date} filter. Anything else is copied as it is, as Go does.
 */
final class GoTimeLayout {
    /** Go's {@code Time.String} layout (what pongo2 prints for a bare time). */
    static final String DEFAULT = "2006-01-02 15:04:05.999999999 -0700 MST";

    private GoTimeLayout() {
    }

    /** {@code t} written with the Go layout {@code layout}. */
    static String format(ZonedDateTime t, String layout) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < layout.length()) {
            int used = chunk(t, layout, i, out);
            if (used == 0) {
                out.append(layout.charAt(i));
                used = 1;
            }
            i += used;
        }
        return out.toString();
    }

    /** Writes the standard chunk at {@code i} and returns its length, or 0 when none starts there. */
    private static int chunk(ZonedDateTime t, String s, int i, StringBuilder out) {
        String rest = s.substring(i);
        int hour12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
        if (rest.startsWith("January")) {
            return put(out, t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH), 7);
        } else if (rest.startsWith("Jan")) {
            return put(out, t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH), 3);
        } else if (rest.startsWith("Monday")) {
            return put(out, t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH), 6);
        } else if (rest.startsWith("Mon")) {
            return put(out, t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH), 3);
        } else if (rest.startsWith("MST")) {
            return put(out, zoneName(t), 3);
        } else if (rest.startsWith("2006")) {
            return put(out, String.format("%04d", t.getYear()), 4);
        } else if (rest.startsWith("002")) {
            return put(out, String.format("%03d", t.getDayOfYear()), 3);
        } else if (rest.startsWith("01")) {
            return put(out, two(t.getMonthValue()), 2);
        } else if (rest.startsWith("02")) {
            return put(out, two(t.getDayOfMonth()), 2);
        } else if (rest.startsWith("03")) {
            return put(out, two(hour12), 2);
        } else if (rest.startsWith("04")) {
            return put(out, two(t.getMinute()), 2);
        } else if (rest.startsWith("05")) {
            return put(out, two(t.getSecond()), 2);
        } else if (rest.startsWith("06")) {
            return put(out, two(t.getYear() % 100), 2);
        } else if (rest.startsWith("15")) {
            return put(out, two(t.getHour()), 2);
        } else if (rest.startsWith("_2") && !rest.startsWith("_2006")) {
            return put(out, String.format("%2d", t.getDayOfMonth()), 2);
        } else if (rest.startsWith("1")) {
            return put(out, Integer.toString(t.getMonthValue()), 1);
        } else if (rest.startsWith("2")) {
            return put(out, Integer.toString(t.getDayOfMonth()), 1);
        } else if (rest.startsWith("3")) {
            return put(out, Integer.toString(hour12), 1);
        } else if (rest.startsWith("4")) {
            return put(out, Integer.toString(t.getMinute()), 1);
        } else if (rest.startsWith("5")) {
            return put(out, Integer.toString(t.getSecond()), 1);
        } else if (rest.startsWith("PM")) {
            return put(out, t.getHour() >= 12 ? "PM" : "AM", 2);
        } else if (rest.startsWith("pm")) {
            return put(out, t.getHour() >= 12 ? "pm" : "am", 2);
        } else if (rest.startsWith("-07:00") || rest.startsWith("Z07:00")) {
            return put(out, offset(t, rest.charAt(0) == 'Z', true), 6);
        } else if (rest.startsWith("-0700") || rest.startsWith("Z0700")) {
            return put(out, offset(t, rest.charAt(0) == 'Z', false), 5);
        } else if ((rest.startsWith(".") || rest.startsWith(",")) && rest.length() > 1
                && (rest.charAt(1) == '0' || rest.charAt(1) == '9')) {
            return fraction(t, rest, out);
        }
        return 0;
    }

    private static int fraction(ZonedDateTime t, String rest, StringBuilder out) {
        char digit = rest.charAt(1);
        int n = 1;
        while (n < rest.length() && rest.charAt(n) == digit) {
            n++;
        }
        if (n < rest.length() && Character.isDigit(rest.charAt(n))) {
            return 0;
        }
        int width = n - 1;
        String nanos = String.format("%09d", t.getNano()).substring(0, Math.min(9, width));
        if (digit == '9') {
            nanos = nanos.replaceAll("0+$", "");
            out.append(nanos.isEmpty() ? "" : rest.charAt(0) + nanos);
        } else {
            out.append(rest.charAt(0)).append(nanos);
        }
        return n;
    }

    /** Go prints a zone's abbreviation, {@code UTC} for UTC, and the offset when it knows no name. */
    private static String zoneName(ZonedDateTime t) {
        if (t.getZone() instanceof java.time.ZoneOffset offset) {
            return offset.getTotalSeconds() == 0 ? "UTC" : offset(t, false, false);
        }
        return java.time.format.DateTimeFormatter.ofPattern("z", Locale.ENGLISH).format(t);
    }

    private static String offset(ZonedDateTime t, boolean zulu, boolean colon) {
        int seconds = t.getOffset().getTotalSeconds();
        if (zulu && seconds == 0) {
            return "Z";
        }
        int minutes = Math.abs(seconds) / 60;
        return (seconds < 0 ? "-" : "+") + two(minutes / 60) + (colon ? ":" : "") + two(minutes % 60);
    }

    private static int put(StringBuilder out, String text, int length) {
        out.append(text);
        return length;
    }

    private static String two(int value) {
        return String.format("%02d", value);
    }
}
