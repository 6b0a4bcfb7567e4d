package io.lxbus.idmap.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class IsolatedAllocatorTest {
    private static final IdRange MAIN = new IdRange(1_000_000, 1_000_000_000);
    private static final long SIZE = 65_536;

    private static TakenRange taken(long start, long size) {
        return new TakenRange(new IdRange(start, size), "instance \"x" + start + "\"");
    }

    @Test
    void theFirstIsolatedMapStarts65536IntoTheMainRange() {
        assertThat(IsolatedAllocator.firstFit(MAIN, SIZE, List.of())).contains(1_065_536L);
    }

    @Test
    void eachNextMapFollowsThePreviousOnesInLxdsOrder() {
        List<TakenRange> taken = new ArrayList<>();
        List<Long> bases = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long base = IsolatedAllocator.firstFit(MAIN, SIZE, taken).orElseThrow();
            bases.add(base);
            taken.add(taken(base, SIZE));
        }
        assertThat(bases).containsExactly(1_065_536L, 1_131_072L, 1_196_608L, 1_262_144L, 1_327_680L);
    }

    @Test
    void aLargerMapGoesAfterTheOthers() {
        List<TakenRange> taken = List.of(taken(1_065_536, SIZE), taken(1_131_072, SIZE));
        assertThat(IsolatedAllocator.firstFit(MAIN, 200_000, taken)).contains(1_196_608L);
    }

    @Test
    void theRangeOfADeletedFirstMapIsReused() {
        List<TakenRange> taken = List.of(taken(1_131_072, SIZE), taken(1_196_608, SIZE));
        assertThat(IsolatedAllocator.firstFit(MAIN, SIZE, taken)).contains(1_065_536L);
    }

    @Test
    void aGapBetweenTwoMapsIsUsedOnlyWhenLargerThanTheSizeAsLxdCompares() {
        // c1, (c2 deleted), c3: the gap is exactly 65536 ids; LXD's strict comparison skips it.
        List<TakenRange> exact = List.of(taken(1_065_536, SIZE), taken(1_196_608, SIZE));
        assertThat(IsolatedAllocator.firstFit(MAIN, SIZE, exact)).contains(1_262_144L);
        // One id more and it fits.
        List<TakenRange> roomy = List.of(taken(1_065_536, SIZE), taken(1_196_609, SIZE));
        assertThat(IsolatedAllocator.firstFit(MAIN, SIZE, roomy)).contains(1_131_072L);
        // A smaller map fits into the exact gap.
        assertThat(IsolatedAllocator.firstFit(MAIN, 1000, exact)).contains(1_131_072L);
    }

    @Test
    void aMapRightAfterTheStartIsSkippedWhenItLeavesNoRoomBefore() {
        // The first taken map starts exactly size ids after the offset: LXD's "<" keeps the gap before it usable.
        List<TakenRange> adjacent = List.of(taken(1_131_072, SIZE));
        assertThat(IsolatedAllocator.firstFit(MAIN, SIZE, adjacent)).contains(1_065_536L);
        List<TakenRange> tight = List.of(taken(1_131_071, SIZE));
        assertThat(IsolatedAllocator.firstFit(MAIN, SIZE, tight)).contains(1_196_607L);
    }

    @Test
    void unsortedLedgersAreSortedByFirstHostId() {
        List<TakenRange> taken = List.of(taken(1_196_608, SIZE), taken(1_065_536, SIZE), taken(1_131_072, SIZE));
        assertThat(IsolatedAllocator.firstFit(MAIN, SIZE, taken)).contains(1_262_144L);
    }

    @Test
    void nothingFitsPastTheMainRangesEndAndItsLastIdIsNeverUsed() {
        IdRange small = new IdRange(100_000, 65_536 * 3);
        assertThat(IsolatedAllocator.firstFit(small, SIZE, List.of())).contains(165_536L);
        // 2 * 65536 ids are left after the offset: one map fits, a second would end on the last id.
        List<TakenRange> one = List.of(taken(165_536, SIZE));
        assertThat(IsolatedAllocator.firstFit(small, SIZE, one)).isEmpty();
        assertThat(IsolatedAllocator.firstFit(small, SIZE - 1, one)).contains(231_072L);
        assertThat(IsolatedAllocator.firstFit(small, 3 * SIZE, List.of())).isEmpty();
    }

    @Test
    void overlapFindsTheLowestOverlappingMapAtEitherEdge() {
        List<TakenRange> taken = List.of(taken(1_065_536, SIZE), taken(1_131_072, SIZE));
        assertThat(IsolatedAllocator.overlap(new IdRange(1_000_000, 65_536), taken)).isEmpty();
        assertThat(IsolatedAllocator.overlap(new IdRange(1_000_001, 65_536), taken)).contains(taken.get(0));
        assertThat(IsolatedAllocator.overlap(new IdRange(1_131_071, 1), taken)).contains(taken.get(0));
        assertThat(IsolatedAllocator.overlap(new IdRange(1_131_071, 2), taken)).contains(taken.get(0));
        assertThat(IsolatedAllocator.overlap(new IdRange(1_196_607, 10), taken)).contains(taken.get(1));
        assertThat(IsolatedAllocator.overlap(new IdRange(1_196_608, 10), taken)).isEmpty();
    }

    @Test
    void freeBlocksAreTheMainRangePastItsFirst65536MinusTheLedger() {
        IdRange main = new IdRange(100_000, 400_000);
        assertThat(IsolatedAllocator.free(main, List.of())).containsExactly(new IdRange(165_536, 334_464));
        assertThat(IsolatedAllocator.free(main, List.of(taken(200_000, 1000), taken(165_536, 10))))
                .containsExactly(new IdRange(165_546, 34_454), new IdRange(201_000, 299_000));
        assertThat(IsolatedAllocator.free(main, List.of(taken(165_536, 334_464)))).isEmpty();
        assertThat(IsolatedAllocator.free(new IdRange(0, 65_536), List.of())).isEmpty();
        assertThat(Optional.of(IsolatedAllocator.free(main, List.of(taken(10, 5))))).contains(
                List.of(new IdRange(165_536, 334_464)));
    }
}
