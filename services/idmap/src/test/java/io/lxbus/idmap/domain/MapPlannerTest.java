package io.lxbus.idmap.domain;

import io.lxbus.events.IdmapEntry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MapPlannerTest {
    private static final RootAllocation USUAL = new RootAllocation(
            new IdRanges(List.of(new IdRange(1_000_000, 1_000_000_000))),
            new IdRanges(List.of(new IdRange(1_000_000, 1_000_000_000))));

    private static final List<TakenRange> NONE = List.of();

    private static MapDecision decide(Map<String, String> config) {
        return MapPlanner.decide(MapRequest.of(config), USUAL, NONE);
    }

    private static MapDecision.Mapped isolated(long base, long size) {
        return new MapDecision.Mapped(List.of(new IdmapEntry(true, false, base, 0, size),
                new IdmapEntry(false, true, base, 0, size)), base, new IdRange(base, size));
    }

    private static TakenRange taken(long base, long size) {
        return new TakenRange(new IdRange(base, size), "instance \"c" + base + "\" in project \"default\"");
    }

    @Test
    void unprivilegedGetsRootsMainRangeFromIdZeroWithBaseZeroAsLxd() {
        assertThat(decide(Map.of())).isEqualTo(new MapDecision.Mapped(List.of(
                new IdmapEntry(true, false, 1_000_000, 0, 1_000_000_000),
                new IdmapEntry(false, true, 1_000_000, 0, 1_000_000_000)), 0, null));
    }

    @Test
    void theMainRangeIsTheFirstDeclaredOfAtLeast65536AndUidAndGidMayDiffer() {
        RootAllocation allocation = new RootAllocation(
                new IdRanges(List.of(new IdRange(100, 10), new IdRange(200_000, 65_536), new IdRange(900_000, 70_000))),
                new IdRanges(List.of(new IdRange(300_000, 131_072))));
        assertThat(MapPlanner.decide(MapRequest.DEFAULT, allocation, NONE)).isEqualTo(new MapDecision.Mapped(List.of(
                new IdmapEntry(true, false, 200_000, 0, 65_536),
                new IdmapEntry(false, true, 300_000, 0, 131_072)), 0, null));
    }

    @Test
    void privilegedGetsNoMapAndBaseZero() {
        Map<String, String> privileged = Map.of("security.privileged", "true", "security.idmap.isolated", "true",
                "raw.idmap", "both 1000 1000");
        assertThat(decide(privileged)).isEqualTo(new MapDecision.Mapped(List.of(), 0, null));
        assertThat(MapPlanner.decide(MapRequest.of(privileged), RootAllocation.NONE, NONE))
                .isEqualTo(new MapDecision.Mapped(List.of(), 0, null));
    }

    @Test
    void booleansReadAsLxdReadsThem() {
        assertThat(MapRequest.of(Map.of("security.privileged", "1")).privileged()).isTrue();
        assertThat(MapRequest.of(Map.of("security.privileged", "Yes")).privileged()).isTrue();
        assertThat(MapRequest.of(Map.of("security.idmap.isolated", "on")).isolated()).isTrue();
        assertThat(MapRequest.of(Map.of("security.privileged", "false")).privileged()).isFalse();
        assertThat(MapRequest.of(Map.of("security.privileged", "")).privileged()).isFalse();
        assertThat(MapRequest.of(null)).isEqualTo(MapRequest.DEFAULT);
    }

    @Test
    void noAllocationForRootIsRefusedWithTheFix() {
        assertThat(MapPlanner.decide(MapRequest.DEFAULT, RootAllocation.NONE, NONE)).isEqualTo(new MapDecision.Refused(
                "No subuid/subgid allocation for root: add one, for example with "
                        + "\"usermod --add-subuids 1000000-1999999999 --add-subgids 1000000-1999999999 root\""));
        assertThat(MapPlanner.decide(MapRequest.DEFAULT, new RootAllocation(USUAL.uids(), IdRanges.NONE), NONE))
                .isEqualTo(new MapDecision.Refused(MapPlanner.NO_ALLOCATION));
    }

    @Test
    void rangesTooSmallAreRefused() {
        RootAllocation small = new RootAllocation(new IdRanges(List.of(new IdRange(100_000, 65_535))), USUAL.gids());
        assertThat(MapPlanner.decide(MapRequest.DEFAULT, small, NONE))
                .isEqualTo(new MapDecision.Refused(MapPlanner.TOO_SMALL));
    }

    @Test
    void isolatedMapsFollowLxdsOrderAndTheDefaultSize() {
        Map<String, String> config = Map.of("security.idmap.isolated", "true");
        List<TakenRange> taken = new ArrayList<>();
        List<MapDecision> decisions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            MapDecision.Mapped mapped = (MapDecision.Mapped) MapPlanner.decide(MapRequest.of(config), USUAL, taken);
            decisions.add(mapped);
            taken.add(new TakenRange(mapped.isolatedRange(), "c" + i));
        }
        assertThat(decisions).containsExactly(isolated(1_065_536, 65_536), isolated(1_131_072, 65_536),
                isolated(1_196_608, 65_536));
    }

    @Test
    void isolatedSizeIsHonouredAndAutoIsTheDefault() {
        List<TakenRange> taken = List.of(taken(1_065_536, 65_536), taken(1_131_072, 65_536));
        assertThat(MapPlanner.decide(MapRequest.of(Map.of("security.idmap.isolated", "true",
                "security.idmap.size", "200000")), USUAL, taken)).isEqualTo(isolated(1_196_608, 200_000));
        assertThat(decide(Map.of("security.idmap.isolated", "true", "security.idmap.size", "auto")))
                .isEqualTo(isolated(1_065_536, 65_536));
        assertThat(decide(Map.of("security.idmap.size", "200000", "security.idmap.base", "5")))
                .isEqualTo(decide(Map.of()));
    }

    @Test
    void theRangeOfADeletedIsolatedInstanceIsReused() {
        List<TakenRange> afterDelete = List.of(taken(1_131_072, 65_536), taken(1_196_608, 65_536));
        assertThat(MapPlanner.decide(MapRequest.of(Map.of("security.idmap.isolated", "true")), USUAL, afterDelete))
                .isEqualTo(isolated(1_065_536, 65_536));
    }

    @Test
    void aFixedBaseIsUsedWhenFree() {
        List<TakenRange> taken = List.of(taken(1_065_536, 65_536));
        assertThat(MapPlanner.decide(MapRequest.of(Map.of("security.idmap.isolated", "true",
                "security.idmap.base", "1131072")), USUAL, taken)).isEqualTo(isolated(1_131_072, 65_536));
        assertThat(MapPlanner.decide(MapRequest.of(Map.of("security.idmap.isolated", "true",
                "security.idmap.base", "1000000", "security.idmap.size", "65536")), USUAL, taken))
                .isEqualTo(isolated(1_000_000, 65_536));
    }

    @Test
    void aFixedBaseOverlappingAnotherIsolatedMapIsRefusedAtEitherEdge() {
        List<TakenRange> taken = List.of(taken(1_065_536, 65_536));
        Map<String, String> lowEdge = Map.of("security.idmap.isolated", "true", "security.idmap.base", "1000001");
        assertThat(MapPlanner.decide(MapRequest.of(lowEdge), USUAL, taken)).isEqualTo(new MapDecision.Refused(
                "security.idmap.base 1000001 with security.idmap.size 65536 (host ids 1000001-1065536) overlaps the "
                        + "isolated map of instance \"c1065536\" in project \"default\" (1065536-1131071)"));
        Map<String, String> highEdge = Map.of("security.idmap.isolated", "true", "security.idmap.base", "1131071");
        assertThat(MapPlanner.decide(MapRequest.of(highEdge), USUAL, taken))
                .isInstanceOf(MapDecision.Refused.class);
        Map<String, String> inside = Map.of("security.idmap.isolated", "true", "security.idmap.base", "1100000",
                "security.idmap.size", "10");
        assertThat(MapPlanner.decide(MapRequest.of(inside), USUAL, taken)).isInstanceOf(MapDecision.Refused.class);
    }

    @Test
    void aFixedBaseOutsideRootsAllocationIsRefused() {
        Map<String, String> below = Map.of("security.idmap.isolated", "true", "security.idmap.base", "999999");
        assertThat(decide(below)).isEqualTo(new MapDecision.Refused("security.idmap.base 999999 with "
                + "security.idmap.size 65536 (host ids 999999-1065534) is outside root's allocation (uids "
                + "[1000000-1000999999], gids [1000000-1000999999]): 999999-999999 not allocated"));
        Map<String, String> past = Map.of("security.idmap.isolated", "true", "security.idmap.base", "1999999990");
        assertThat(decide(past)).isInstanceOf(MapDecision.Refused.class);
        Map<String, String> pastMax = Map.of("security.idmap.isolated", "true", "security.idmap.base", "4294967290");
        assertThat(((MapDecision.Refused) decide(pastMax)).message()).contains("goes past the largest id");
    }

    @Test
    void askingForMoreThanIsLeftSaysHowManyWereAskedAndWhatIsFree() {
        RootAllocation small = new RootAllocation(new IdRanges(List.of(new IdRange(100_000, 400_000))),
                new IdRanges(List.of(new IdRange(100_000, 400_000))));
        MapDecision decision = MapPlanner.decide(MapRequest.of(Map.of("security.idmap.isolated", "true",
                "security.idmap.size", "300000")), small, List.of(taken(165_536, 65_536)));
        assertThat(decision).isEqualTo(new MapDecision.Refused("Not enough uid/gid available for the container: "
                + "asked for 300000 ids (security.idmap.size), but root's range 100000-499999 has 268928 ids free for "
                + "isolated maps, the largest free block being 231072-499999 (268928 ids) after the isolated maps of "
                + "1 other instance(s)"));
    }

    @Test
    void severalSubuidRangesAreMergedForChecksButOnlyTheMainOneHoldsIsolatedMaps() {
        RootAllocation two = new RootAllocation(
                new IdRanges(List.of(new IdRange(1_000_000, 1_000_000_000), new IdRange(1000, 1))),
                new IdRanges(List.of(new IdRange(1000, 1), new IdRange(1_000_000, 1_000_000_000))));
        assertThat(MapPlanner.decide(MapRequest.DEFAULT, two, NONE)).isEqualTo(decide(Map.of()));
        MapDecision raw = MapPlanner.decide(MapRequest.of(Map.of("raw.idmap", "both 1000 1000")), two, NONE);
        assertThat(raw).isEqualTo(new MapDecision.Mapped(List.of(
                new IdmapEntry(true, false, 1_000_000, 0, 1000), new IdmapEntry(true, true, 1000, 1000, 1),
                new IdmapEntry(true, false, 1_001_001, 1001, 999_998_999),
                new IdmapEntry(false, true, 1_000_000, 0, 1000), new IdmapEntry(true, true, 1000, 1000, 1),
                new IdmapEntry(false, true, 1_001_001, 1001, 999_998_999)), 0, null));
        MapDecision isolatedRaw = MapPlanner.decide(MapRequest.of(Map.of("raw.idmap", "uid 1000 0",
                "security.idmap.isolated", "true")), two, NONE);
        assertThat(isolatedRaw).isEqualTo(new MapDecision.Mapped(List.of(
                new IdmapEntry(true, false, 1000, 0, 1), new IdmapEntry(true, false, 1_065_537, 1, 65_535),
                new IdmapEntry(false, true, 1_065_536, 0, 65_536)), 1_065_536, new IdRange(1_065_536, 65_536)));
    }

    @Test
    void rawIdmapOutsideRootsAllocationNamesTheMissingIdsAndTheFix() {
        assertThat(decide(Map.of("raw.idmap", "both 1000 1000"))).isEqualTo(new MapDecision.Refused(
                "raw.idmap maps host uids 1000-1000 (not in root's subuid allocation) and gids 1000-1000 (not in "
                        + "root's subgid allocation): allow them with \"usermod --add-subuids 1000-1000 root\" and "
                        + "\"usermod --add-subgids 1000-1000 root\""));
        RootAllocation partly = new RootAllocation(
                new IdRanges(List.of(new IdRange(1_000_000, 1_000_000_000), new IdRange(1000, 5))), USUAL.gids());
        assertThat(MapPlanner.decide(MapRequest.of(Map.of("raw.idmap", "uid 998-1010 2000-2012")), partly, NONE))
                .isEqualTo(new MapDecision.Refused("raw.idmap maps host uids 998-999, 1005-1010 (not in root's "
                        + "subuid allocation): allow them with \"usermod --add-subuids 998-999 --add-subuids "
                        + "1005-1010 root\""));
    }

    @Test
    void rawIdmapInsideTheContainersOwnRangeIsRefusedAsLxdDoes() {
        MapDecision decision = decide(Map.of("raw.idmap", "uid 1000005 5"));
        assertThat(((MapDecision.Refused) decision).message()).startsWith("Invalid raw.idmap: host uids "
                + "1000005-1000005 are already mapped");
        assertThat(((MapDecision.Refused) decide(Map.of("raw.idmap", "uid 1 2 3"))).message())
                .startsWith("Invalid raw.idmap line");
    }
}
