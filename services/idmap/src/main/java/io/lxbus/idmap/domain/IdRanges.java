package io.lxbus.idmap.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Root's ranges of one kind (user or group ids), in the order the file declares them. The default map takes the
 * first usable declared range (as LXD does); isolated maps and {@code raw.idmap} checks work on {@link #merged()}.
 *
 * @param declared the ranges in file order, as written
 */
public record IdRanges(List<IdRange> declared) {
    /** The smallest range LXD accepts as a default map (a full 16-bit id space). */
    public static final long MIN_USABLE_SIZE = 65_536;
    /** No ranges. */
    public static final IdRanges NONE = new IdRanges(List.of());

    public IdRanges {
        declared = List.copyOf(declared);
    }

    /** Whether nothing is allocated. */
    public boolean isEmpty() {
        return declared.isEmpty();
    }

    /**
     * Root's main range: the first declared range of at least {@link #MIN_USABLE_SIZE} ids. LXD 5.0 builds the default
     * map from it alone ("Remove once LXD can deal with multiple shadow maps") and places isolated maps inside it.
     */
    public Optional<IdRange> firstUsable() {
        return declared.stream().filter(r -> r.size() >= MIN_USABLE_SIZE).findFirst();
    }

    /** The same ids as sorted, disjoint ranges; overlapping or adjacent declarations are joined. */
    public List<IdRange> merged() {
        List<IdRange> sorted = new ArrayList<>(declared);
        sorted.sort(Comparator.comparingLong(IdRange::start));
        List<IdRange> merged = new ArrayList<>();
        for (IdRange range : sorted) {
            int last = merged.size() - 1;
            if (last >= 0 && merged.get(last).joins(range)) {
                IdRange previous = merged.get(last);
                long end = Math.max(previous.end(), range.end());
                merged.set(last, new IdRange(previous.start(), end - previous.start() + 1));
            } else {
                merged.add(range);
            }
        }
        return List.copyOf(merged);
    }

    /** Whether every id of {@code range} is allocated. */
    public boolean covers(IdRange range) {
        return merged().stream().anyMatch(r -> r.contains(range));
    }

    /** The parts of {@code range} that are not allocated, in order (empty when all of it is). */
    public List<IdRange> uncovered(IdRange range) {
        List<IdRange> missing = new ArrayList<>();
        long from = range.start();
        for (IdRange allocated : merged()) {
            if (allocated.end() < from) {
                continue;
            }
            if (allocated.start() > range.end()) {
                break;
            }
            if (allocated.start() > from) {
                missing.add(new IdRange(from, allocated.start() - from));
            }
            from = allocated.end() + 1;
            if (from > range.end()) {
                return List.copyOf(missing);
            }
        }
        if (from <= range.end()) {
            missing.add(new IdRange(from, range.end() - from + 1));
        }
        return List.copyOf(missing);
    }

    /** How many distinct ids are allocated. */
    public long total() {
        return merged().stream().mapToLong(IdRange::size).sum();
    }

    @Override
    public String toString() {
        return declared.isEmpty() ? "none" : declared.toString();
    }
}
