package io.lxbus.idmap.domain;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where an isolated map goes, as LXD 5.0's {@code findIdmap} decides it: from 65536 ids after the start of root's main
 * range, past each isolated map (sorted by first host id) that leaves no room, up to the main range's end. The
 * comparisons are LXD's, strict ones included: a gap between two maps is used only when it is larger than the size
 * asked, and the last id of the main range is never handed out. A fixed {@code security.idmap.base} is checked (LXD
 * does not): it must lie in root's allocation and overlap no other isolated map.
 */
public final class IsolatedAllocator {
    /** Isolated maps start this far into root's main range (the first 65536 ids are left to the default map). */
    public static final long FIRST_OFFSET = 65_536;

    private IsolatedAllocator() {
    }

    /** The first host id LXD would pick for {@code size} ids, or empty when nothing fits. */
    public static Optional<Long> firstFit(IdRange main, long size, List<TakenRange> taken) {
        List<IdRange> sorted = sorted(taken);
        long offset = main.start() + FIRST_OFFSET;
        for (int i = 0; i < sorted.size(); i++) {
            IdRange current = sorted.get(i);
            if (i == 0) {
                if (current.start() < offset + size) {
                    offset = current.end() + 1;
                    continue;
                }
                return Optional.of(offset);
            }
            long previousEnd = sorted.get(i - 1).end() + 1;
            if (previousEnd > offset) {
                offset = previousEnd;
                continue;
            }
            offset = previousEnd;
            if (offset + size < current.start()) {
                return Optional.of(offset);
            }
            offset = current.end() + 1;
        }
        if (offset + size < main.start() + main.size()) {
            return Optional.of(offset);
        }
        return Optional.empty();
    }

    /** The isolated map another instance holds that {@code wanted} overlaps, if any. */
    public static Optional<TakenRange> overlap(IdRange wanted, List<TakenRange> taken) {
        return taken.stream().filter(t -> t.range().overlaps(wanted)).min(Comparator.comparingLong(t -> t.range().start()));
    }

    /** The ids of the main range past its first 65536 that no isolated map holds, as sorted blocks. */
    public static List<IdRange> free(IdRange main, List<TakenRange> taken) {
        if (main.size() <= FIRST_OFFSET) {
            return List.of();
        }
        IdRange window = new IdRange(main.start() + FIRST_OFFSET, main.size() - FIRST_OFFSET);
        return new IdRanges(taken.stream().map(TakenRange::range).toList()).uncovered(window);
    }

    private static List<IdRange> sorted(List<TakenRange> taken) {
        return taken.stream().map(TakenRange::range).sorted(Comparator.comparingLong(IdRange::start)).toList();
    }
}
