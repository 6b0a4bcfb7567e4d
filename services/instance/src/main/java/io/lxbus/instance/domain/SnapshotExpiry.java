package io.lxbus.instance.domain;

import io.lxbus.events.Command;
import io.lxbus.events.DeleteSnapshot;
import io.lxbus.events.InstanceCommand;
import io.lxbus.events.Snapshot;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LXD's {@code snapshots.expiry} ({@code shared.GetExpiry}): space-separated terms {@code <n><unit>}, each unit at
 * most once, that add up — {@code M} minutes, {@code H} hours, {@code d} days, {@code w} weeks, {@code m} months,
 * {@code y} years. Years, months and days move the calendar date as Go's {@code AddDate} does (Jan 31 + 1m is
 * Mar 3, not Feb 28); hours and minutes are added after.
 */
public final class SnapshotExpiry {
    /** The reason LXD gives for any malformed expression. */
    static final String INVALID = "Invalid expiry expression";
    private static final Pattern TERM = Pattern.compile("(\\d+)([MHdwmy])");

    private final Map<Character, Long> terms;

    private SnapshotExpiry(Map<Character, Long> terms) {
        this.terms = terms;
    }

    /** The expression's terms, or why it is malformed (LXD's reason); blank means no expiry. */
    public static ParseResult parse(String expression) {
        String text = expression == null ? "" : expression.strip();
        Map<Character, Long> terms = new HashMap<>();
        if (text.isEmpty()) {
            return new ParseResult(new SnapshotExpiry(terms), null);
        }
        for (String part : text.split(" ", -1)) {
            Matcher m = TERM.matcher(part);
            if (!m.matches()) {
                return new ParseResult(null, INVALID);
            }
            long value;
            try {
                value = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                return new ParseResult(null, INVALID);
            }
            char unit = m.group(2).charAt(0);
            if (terms.getOrDefault(unit, 0L) > 0) {
                return new ParseResult(null, INVALID);
            }
            terms.put(unit, value);
        }
        return new ParseResult(new SnapshotExpiry(terms), null);
    }

    /** The config table's check for {@code snapshots.expiry}. */
    static ValueCheck check() {
        return value -> Optional.ofNullable(parse(value).error());
    }

    /**
     * When a snapshot taken at {@code taken} expires under {@code expandedConfig}'s {@code snapshots.expiry}: empty
     * when the key is unset, blank or malformed, or when the date would be past what can be written down (LXD
     * would compute a nonsense date; lxbus keeps such a snapshot).
     */
    public static Optional<Instant> from(Map<String, String> expandedConfig, Instant taken) {
        String expression = expandedConfig == null ? null : expandedConfig.get("snapshots.expiry");
        SnapshotExpiry expiry = parse(expression).expiry();
        return expiry == null ? Optional.empty() : expiry.after(taken);
    }

    /** Whether {@code snapshot} has expired by {@code now} and is done being made (LXD: expires_at reached). */
    public static boolean due(Snapshot snapshot, Instant now) {
        return Snapshot.CREATED.equals(snapshot.status()) && snapshot.pending() == null
                && snapshot.expiresAt() != null && !now.isBefore(snapshot.expiresAt());
    }

    /** The delete of an expired snapshot: an internal id (never answered), named after the snapshot's uuid. */
    public static Command<InstanceCommand> deletion(Snapshot snapshot, Instant now) {
        String id = InstanceReactions.INTERNAL + "snapshot-expiry:" + snapshot.uuid();
        return new Command<>(id, id, null, now, new DeleteSnapshot(snapshot.project(), snapshot.instance(),
                snapshot.name()));
    }

    /** {@code reference} plus this expiry ({@code 0d} is the reference itself, as in LXD); empty for a blank one. */
    public Optional<Instant> after(Instant reference) {
        if (terms.isEmpty()) {
            return Optional.empty();
        }
        try {
            LocalDateTime at = LocalDateTime.ofInstant(reference, ZoneOffset.UTC);
            long months = Math.addExact(Math.multiplyExact(get('y'), 12), get('m'));
            long days = Math.addExact(get('d'), Math.multiplyExact(get('w'), 7));
            LocalDateTime moved = at.withDayOfMonth(1).plusMonths(months).plusDays(at.getDayOfMonth() - 1L + days)
                    .plusHours(get('H')).plusMinutes(get('M'));
            return Optional.of(moved.toInstant(ZoneOffset.UTC));
        } catch (ArithmeticException | DateTimeException e) {
            return Optional.empty();
        }
    }

    private long get(char unit) {
        return terms.getOrDefault(unit, 0L);
    }

    /**
     * A parsed expression or LXD's reason it is malformed.
     *
     * @param expiry the terms, or null when malformed
     * @param error  why it is malformed, or null
     */
    public record ParseResult(SnapshotExpiry expiry, String error) {
    }
}
