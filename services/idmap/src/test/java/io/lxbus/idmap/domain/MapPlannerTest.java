package io.lxbus.idmap.domain;

import io.lxbus.events.IdmapEntry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MapPlannerTest {
    private static final RootAllocation USUAL = new RootAllocation(
            new IdRanges(List.of(new IdRange(1_000_000, 1_000_000_000))),
            new IdRanges(List.of(new IdRange(1_000_000, 1_000_000_000))));

    @Test
    void unprivilegedGetsRootsAllocationFromIdZero() {
        MapDecision decision = MapPlanner.decide(MapRequest.of(Map.of()), USUAL);
        assertThat(decision).isEqualTo(new MapDecision.Mapped(List.of(
                new IdmapEntry(true, false, 1_000_000, 0, 1_000_000_000),
                new IdmapEntry(false, true, 1_000_000, 0, 1_000_000_000)), 1_000_000, false));
    }

    @Test
    void uidAndGidRangesMayDiffer() {
        RootAllocation allocation = new RootAllocation(
                new IdRanges(List.of(new IdRange(100, 10), new IdRange(200_000, 65_536), new IdRange(900_000, 70_000))),
                new IdRanges(List.of(new IdRange(300_000, 131_072))));
        MapDecision decision = MapPlanner.decide(MapRequest.DEFAULT, allocation);
        assertThat(decision).isEqualTo(new MapDecision.Mapped(List.of(
                new IdmapEntry(true, false, 200_000, 0, 65_536),
                new IdmapEntry(false, true, 300_000, 0, 131_072)), 200_000, false));
    }

    @Test
    void privilegedGetsNoMapAndBaseZero() {
        MapDecision decision = MapPlanner.decide(MapRequest.of(Map.of("security.privileged", "true")), USUAL);
        assertThat(decision).isEqualTo(new MapDecision.Mapped(List.of(), 0, false));
        assertThat(MapPlanner.decide(MapRequest.of(Map.of("security.privileged", "true")), RootAllocation.NONE))
                .isEqualTo(new MapDecision.Mapped(List.of(), 0, false));
    }

    @Test
    void privilegedReadsBooleansAsLxdDoes() {
        assertThat(MapRequest.of(Map.of("security.privileged", "1")).privileged()).isTrue();
        assertThat(MapRequest.of(Map.of("security.privileged", "Yes")).privileged()).isTrue();
        assertThat(MapRequest.of(Map.of("security.privileged", "on")).privileged()).isTrue();
        assertThat(MapRequest.of(Map.of("security.privileged", "false")).privileged()).isFalse();
        assertThat(MapRequest.of(Map.of("security.privileged", "")).privileged()).isFalse();
        assertThat(MapRequest.of(null)).isEqualTo(MapRequest.DEFAULT);
    }

    @Test
    void noAllocationForRootIsRefusedWithTheFix() {
        MapDecision decision = MapPlanner.decide(MapRequest.DEFAULT, RootAllocation.NONE);
        assertThat(decision).isEqualTo(new MapDecision.Refused("No subuid/subgid allocation for root: add one, "
                + "for example with \"usermod --add-subuids 1000000-1999999999 --add-subgids 1000000-1999999999 root\""));
    }

    @Test
    void anAllocationInOnlyOneFileIsRefused() {
        RootAllocation uidsOnly = new RootAllocation(USUAL.uids(), IdRanges.NONE);
        assertThat(MapPlanner.decide(MapRequest.DEFAULT, uidsOnly)).isEqualTo(
                new MapDecision.Refused(MapPlanner.NO_ALLOCATION));
    }

    @Test
    void rangesTooSmallAreRefused() {
        RootAllocation small = new RootAllocation(new IdRanges(List.of(new IdRange(100_000, 65_535))), USUAL.gids());
        assertThat(MapPlanner.decide(MapRequest.DEFAULT, small)).isEqualTo(new MapDecision.Refused(MapPlanner.TOO_SMALL));
    }

    @Test
    void isolatedAndRawIdmapAreRefusedUntilBuilt() {
        assertThat(MapPlanner.decide(MapRequest.of(Map.of("security.idmap.isolated", "true")), USUAL))
                .isEqualTo(new MapDecision.Refused(MapPlanner.ISOLATED_NOT_YET));
        assertThat(MapPlanner.decide(MapRequest.of(Map.of("raw.idmap", "both 1000 1000")), USUAL))
                .isEqualTo(new MapDecision.Refused(MapPlanner.RAW_NOT_YET));
    }
}
