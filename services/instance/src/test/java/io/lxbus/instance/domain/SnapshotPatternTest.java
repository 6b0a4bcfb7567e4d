package io.lxbus.instance.domain;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotPatternTest {
    private static final ZonedDateTime AT = ZonedDateTime.of(2025, 3, 2, 9, 5, 7, 120_000_000, ZoneOffset.UTC);

    @Test
    void defaultIsSnapNumberedOnePastTheHighest() {
        assertThat(name(null, List.of())).isEqualTo("snap0");
        assertThat(name("", List.of("snap0", "snap7", "other", "snap3"))).isEqualTo("snap8");
        assertThat(name(null, List.of("snap2x", "snapx"))).isEqualTo("snap3");
        assertThat(name(null, List.of("snap99999999999999999999"))).isEqualTo("snap0");
    }

    @Test
    void numberedPatternsCountOnlyTheirOwnShape() {
        assertThat(name("auto-%d-x", List.of("auto-4-x", "auto-9-y", "auto-2-x"))).isEqualTo("auto-5-x");
        assertThat(name("%d", List.of("3", "a"))).isEqualTo("4");
        assertThat(SnapshotPattern.next("a%d%d", List.of(), AT).error())
                .isEqualTo("Snapshot pattern may contain '%d' only once");
    }

    @Test
    void creationDateWithGoLayouts() {
        assertThat(name("{{ creation_date|date:'2006-01-02_15-04-05' }}", List.of()))
                .isEqualTo("2025-03-02_09-05-07");
        assertThat(name("snap-{{creation_date|date:\"Jan _2 06 3:04PM Mon .000\"}}", List.of()))
                .isEqualTo("snap-Mar  2 25 9:05AM Sun .120");
        assertThat(name("{{ creation_date|date:'January Monday 002 -07:00 Z0700 .999' }}", List.of()))
                .isEqualTo("March Sunday 061 +00:00 Z .12");
        assertThat(SnapshotPattern.next("{{ creation_date|date:'15:04 MST' }}", List.of(),
                AT.withZoneSameInstant(ZoneId.of("Europe/Paris"))).name()).isEqualTo("10:05 CET");
        assertThat(SnapshotPattern.next("{{ creation_date|date:'15:04 MST' }}", List.of(),
                AT.withMonth(7).withZoneSameInstant(ZoneId.of("Europe/Paris"))).name()).isEqualTo("11:05 CEST");
        assertThat(name("{{ creation_date }}", List.of())).isEqualTo("2025-03-02 09:05:07.12 +0000 UTC");
        assertThat(name("x{{ other }}y", List.of())).isEqualTo("xy");
        assertThat(SnapshotPattern.next("{{ creation_date|upper }}", List.of(), AT).error())
                .isEqualTo("Filter 'upper' does not exist.");
    }

    @Test
    void aTakenNameWithoutNumberGetsOneAdded() {
        assertThat(name("daily", List.of())).isEqualTo("daily");
        assertThat(name("daily", List.of("daily"))).isEqualTo("daily-0");
        assertThat(name("daily", List.of("daily", "daily-0", "daily-4"))).isEqualTo("daily-5");
        assertThat(name("{{ creation_date|date:'2006' }}", List.of("2025"))).isEqualTo("2025-0");
    }

    private static String name(String pattern, List<String> existing) {
        SnapshotPattern.Naming naming = SnapshotPattern.next(pattern, existing, AT);
        assertThat(naming.error()).isNull();
        return naming.name();
    }
}
