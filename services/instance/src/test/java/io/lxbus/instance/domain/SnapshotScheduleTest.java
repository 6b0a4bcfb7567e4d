package io.lxbus.instance.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotScheduleTest {
    /** A Sunday. */
    private static final ZonedDateTime SUNDAY = ZonedDateTime.of(2025, 3, 2, 0, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void acceptsWhatLxdAccepts() {
        for (String ok : List.of("* * * * *", "0 3 * * *", "*/15 9-17 * * mon-fri", "0,30 * 1,15 * *",
                "5/10 * * * *", "0 0 * jan,JUL sun", "? ? ? ? ?", "0 0 1-31/2 1-12/3 0-6", "@hourly", "@DAILY",
                "@midnight", "@weekly", "@monthly", "@annually", "@yearly", "@never", "@hourly, 0 3 * * *",
                "+5 * * * *")) {
            assertThat(SnapshotSchedule.problem(ok)).as(ok).isEmpty();
        }
    }

    @Test
    void refusesWithLxdsWords() {
        String form = "Schedule must be of the form: <minute> <hour> <day-of-month> <month> <day-of-week>";
        assertThat(SnapshotSchedule.problem("* * * *")).contains(form);
        assertThat(SnapshotSchedule.problem("*  * * * *")).contains(form);
        assertThat(SnapshotSchedule.problem("@startup")).contains(form);
        assertThat(SnapshotSchedule.problem("@every 1h")).contains(form);
        assertThat(SnapshotSchedule.problem("* * * * *,0 3 * * *")).contains(form);
        assertThat(SnapshotSchedule.problem("x * * * *")).contains("Error parsing schedule: failed to parse int from "
                + "x: strconv.Atoi: parsing \"x\": invalid syntax");
        assertThat(SnapshotSchedule.problem("60 * * * *"))
                .contains("Error parsing schedule: end of range (60) above maximum (59): 60");
        assertThat(SnapshotSchedule.problem("* * 0 * *"))
                .contains("Error parsing schedule: beginning of range (0) below minimum (1): 0");
        assertThat(SnapshotSchedule.problem("5-3 * * * *"))
                .contains("Error parsing schedule: beginning of range (5) beyond end of range (3): 5-3");
        assertThat(SnapshotSchedule.problem("*/0 * * * *"))
                .contains("Error parsing schedule: step of range should be a positive number: */0");
        assertThat(SnapshotSchedule.problem("1-2-3 * * * *"))
                .contains("Error parsing schedule: too many hyphens: 1-2-3");
        assertThat(SnapshotSchedule.problem("1/2/3 * * * *"))
                .contains("Error parsing schedule: too many slashes: 1/2/3");
        // robfig/cron v3 (LXD 5.0.2) has day-of-week 0-6: 7 is not Sunday there.
        assertThat(SnapshotSchedule.problem("0 0 * * 7"))
                .contains("Error parsing schedule: end of range (7) above maximum (6): 7");
        assertThat(SnapshotSchedule.problem("@hourly, 61 * * * *"))
                .contains("Error parsing schedule: end of range (61) above maximum (59): 61");
    }

    @Test
    void matchesRangesStepsListsAndNames() {
        ZonedDateTime t = SUNDAY.withHour(9).withMinute(45);
        assertThat(fires("*/15 9-17 * * *", t)).isTrue();
        assertThat(fires("*/20 9-17 * * *", t)).isFalse();
        assertThat(fires("5/10 * * * *", t.withMinute(55))).isTrue();
        assertThat(fires("5/10 * * * *", t.withMinute(0))).isFalse();
        assertThat(fires("0,45 8,9 * * *", t)).isTrue();
        assertThat(fires("45 9 * mar sun", t)).isTrue();
        assertThat(fires("45 9 * FEB *", t)).isFalse();
        assertThat(fires("45 9 * * 0", t)).isTrue();
        assertThat(fires("45 9 * * mon-sat", t)).isFalse();
        assertThat(fires("45 9 * * 6-6", t.plusDays(6))).isTrue();
    }

    @Test
    void dayOfMonthAndDayOfWeekAreEitherOrUnlessOneIsAStar() {
        ZonedDateTime sunday2nd = SUNDAY;
        ZonedDateTime monday3rd = SUNDAY.plusDays(1);
        ZonedDateTime sunday9th = SUNDAY.plusDays(7);
        assertThat(fires("0 0 3 * sun", sunday2nd)).isTrue();
        assertThat(fires("0 0 3 * sun", monday3rd)).isTrue();
        assertThat(fires("0 0 3 * sun", monday3rd.plusDays(1))).isFalse();
        assertThat(fires("0 0 3 * *", sunday9th)).isFalse();
        assertThat(fires("0 0 * * sun", sunday9th)).isTrue();
        assertThat(fires("0 0 ? * mon", monday3rd)).isTrue();
        assertThat(fires("0 0 */1 * mon", sunday2nd)).isFalse();
        assertThat(fires("0 0 */2 * mon", monday3rd)).isTrue();
        assertThat(fires("0 0 */2 * mon", sunday2nd.plusDays(3))).isTrue();
        assertThat(fires("0 0 */2 * mon", sunday2nd.plusDays(2))).isFalse();
    }

    @Test
    void listsOfSpecsAndAliasesSpreadPerInstance() {
        assertThat(fires("0 1 * * *, 30 * * * *", SUNDAY.withMinute(30).withHour(7))).isTrue();
        assertThat(fires("0 1 * * *, 30 * * * *", SUNDAY.withHour(1))).isTrue();
        assertThat(fires("0 1 * * *, 30 * * * *", SUNDAY.withHour(2))).isFalse();
        assertThat(fires("@never", SUNDAY)).isFalse();
        assertThat(fires("@never, * * * * *", SUNDAY)).isTrue();
        assertThat(count("@hourly", "u1", SUNDAY, 24 * 60)).isEqualTo(24);
        assertThat(count("@daily", "u1", SUNDAY, 24 * 60)).isEqualTo(1);
        assertThat(count("@midnight", "u1", SUNDAY, 24 * 60)).isEqualTo(1);
        assertThat(count("@weekly", "u1", SUNDAY, 7 * 24 * 60)).isEqualTo(1);
        assertThat(SnapshotSchedule.syntax("@midnight", "u1")).endsWith(" 0 * * *");
        assertThat(SnapshotSchedule.syntax("@hourly", "u1")).isEqualTo(SnapshotSchedule.syntax("@HOURLY", "u1"));
        List<String> spread = new ArrayList<>();
        for (String uuid : List.of("a", "b", "c", "d", "e")) {
            spread.add(SnapshotSchedule.syntax("@hourly", uuid));
        }
        assertThat(spread).doesNotHaveDuplicates();
    }

    @Test
    void aCheckDecidesForTheNextMinuteInItsZone() {
        Instant now = Instant.parse("2025-03-02T10:14:59.900Z");
        assertThat(SnapshotSchedule.minuteDecidedAt(now, ZoneOffset.UTC))
                .isEqualTo(ZonedDateTime.of(2025, 3, 2, 10, 15, 0, 0, ZoneOffset.UTC));
        ZonedDateTime paris = SnapshotSchedule.minuteDecidedAt(now, ZoneId.of("Europe/Paris"));
        assertThat(paris.getHour()).isEqualTo(11);
        assertThat(SnapshotSchedule.firesAt("15 11 * * *", "u", paris)).isTrue();
    }

    private static boolean fires(String spec, ZonedDateTime t) {
        return SnapshotSchedule.firesAt(spec, "uuid", t);
    }

    private static int count(String spec, String subject, ZonedDateTime from, int minutes) {
        int n = 0;
        for (int i = 0; i < minutes; i++) {
            n += SnapshotSchedule.firesAt(spec, subject, from.plusMinutes(i)) ? 1 : 0;
        }
        return n;
    }
}
