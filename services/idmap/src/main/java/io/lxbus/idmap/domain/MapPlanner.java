package io.lxbus.idmap.domain;

import io.lxbus.events.IdmapEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides an instance's id map as LXD 5.0's {@code findIdmap} does. A privileged container has none. Otherwise the
 * map starts as root's main uid and gid ranges from container id 0 (shared by every non-isolated container, base 0)
 * or, with {@code security.idmap.isolated}, as {@code security.idmap.size} ids of its own (see
 * {@link IsolatedAllocator}); then each {@code raw.idmap} line is punched through it ({@link IdmapSet#addSafe}).
 * Beyond LXD, every refusal LXD would only meet at start (or never) is made here, with the fix in the sentence.
 */
public final class MapPlanner {
    /** The refusal when root has no allocation at all. */
    public static final String NO_ALLOCATION = "No subuid/subgid allocation for root: add one, for example with "
            + "\"usermod --add-subuids 1000000-1999999999 --add-subgids 1000000-1999999999 root\"";
    /** The refusal when root's ranges are all too small. */
    public static final String TOO_SMALL = "No subuid/subgid range of at least " + IdRanges.MIN_USABLE_SIZE
            + " ids for root: add one, for example with "
            + "\"usermod --add-subuids 1000000-1999999999 --add-subgids 1000000-1999999999 root\"";
    /** An isolated map's size when {@code security.idmap.size} is unset (or {@code auto}). */
    public static final long DEFAULT_ISOLATED_SIZE = 65_536;

    private MapPlanner() {
    }

    /**
     * The map for {@code request} given root's {@code allocation} and the isolated maps other instances on the same
     * host hold ({@code taken}; the instance's own is left out, so a change never collides with itself).
     */
    public static MapDecision decide(MapRequest request, RootAllocation allocation, List<TakenRange> taken) {
        if (request.privileged()) {
            return new MapDecision.Mapped(List.of(), 0, null);
        }
        if (allocation.uids().isEmpty() || allocation.gids().isEmpty()) {
            return new MapDecision.Refused(NO_ALLOCATION);
        }
        Optional<IdRange> uids = allocation.uids().firstUsable();
        Optional<IdRange> gids = allocation.gids().firstUsable();
        if (uids.isEmpty() || gids.isEmpty()) {
            return new MapDecision.Refused(TOO_SMALL);
        }
        IdmapSet raw;
        try {
            raw = RawIdmapLines.parse(request.rawIdmap());
        } catch (IllegalArgumentException e) {
            return new MapDecision.Refused(e.getMessage());
        }
        Optional<String> outside = rawOutsideAllocation(raw, allocation);
        if (outside.isPresent()) {
            return new MapDecision.Refused(outside.get());
        }
        if (!request.isolated()) {
            return punch(raw, List.of(new IdmapEntry(true, false, uids.get().start(), 0, uids.get().size()),
                    new IdmapEntry(false, true, gids.get().start(), 0, gids.get().size())), 0, null);
        }
        long size;
        Optional<Long> base;
        try {
            size = isolatedSize(request.isolatedSize());
            base = request.isolatedBase() == null ? Optional.empty()
                    : Optional.of(number(request.isolatedBase(), MapRequest.BASE, 0));
        } catch (IllegalArgumentException e) {
            return new MapDecision.Refused(e.getMessage());
        }
        if (base.isPresent()) {
            Optional<String> problem = fixedBaseProblem(base.get(), size, allocation, taken);
            if (problem.isPresent()) {
                return new MapDecision.Refused(problem.get());
            }
        } else {
            base = IsolatedAllocator.firstFit(uids.get(), size, taken);
            if (base.isEmpty()) {
                return new MapDecision.Refused(outOfIds(size, uids.get(), taken));
            }
            if (IsolatedAllocator.overlap(new IdRange(base.get(), size), taken).isPresent()
                    || !allocation.gids().covers(new IdRange(base.get(), size))) {
                return new MapDecision.Refused(outOfIds(size, uids.get(), taken));
            }
        }
        IdRange range = new IdRange(base.get(), size);
        return punch(raw, List.of(new IdmapEntry(true, false, range.start(), 0, size),
                new IdmapEntry(false, true, range.start(), 0, size)), range.start(), range);
    }

    /** {@code security.idmap.size}: a positive number of ids, or unset/auto for 65536. */
    static long isolatedSize(String text) {
        if (text == null || text.equals("auto")) {
            return DEFAULT_ISOLATED_SIZE;
        }
        return number(text, MapRequest.SIZE, 1);
    }

    private static long number(String text, String key, long min) {
        String digits = text.strip();
        if (!digits.matches("\\d{1,10}") || Long.parseLong(digits) < min || Long.parseLong(digits) > IdRange.MAX_ID) {
            throw new IllegalArgumentException("Invalid value for config key \"" + key + "\": \"" + text
                    + "\" is not a number of ids between " + min + " and " + IdRange.MAX_ID);
        }
        return Long.parseLong(digits);
    }

    private static MapDecision punch(IdmapSet raw, List<IdmapEntry> start, long base, IdRange isolated) {
        IdmapSet map = new IdmapSet(start);
        try {
            for (IdmapEntry entry : raw.entries()) {
                map = map.addSafe(entry);
            }
        } catch (IdmapSet.HostIdsTaken e) {
            return new MapDecision.Refused("Invalid raw.idmap: " + e.getMessage() + " by the container's own "
                    + (isolated == null ? "range" : "isolated range") + "; map host ids outside "
                    + new IdRange(e.existing().hostid(), e.existing().maprange()));
        }
        return new MapDecision.Mapped(map.entries(), base, isolated);
    }

    /** The refusal when raw.idmap names host ids root is not allocated (newuidmap would refuse them at start). */
    static Optional<String> rawOutsideAllocation(IdmapSet raw, RootAllocation allocation) {
        List<IdRange> uids = new ArrayList<>();
        List<IdRange> gids = new ArrayList<>();
        for (IdmapEntry entry : raw.entries()) {
            IdRange host = new IdRange(entry.hostid(), entry.maprange());
            if (entry.isuid()) {
                uids.addAll(allocation.uids().uncovered(host));
            }
            if (entry.isgid()) {
                gids.addAll(allocation.gids().uncovered(host));
            }
        }
        if (uids.isEmpty() && gids.isEmpty()) {
            return Optional.empty();
        }
        List<String> missing = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        if (!uids.isEmpty()) {
            missing.add("uids " + join(uids) + " (not in root's subuid allocation)");
            fixes.add("\"usermod --add-subuids " + join(uids, " --add-subuids ") + " root\"");
        }
        if (!gids.isEmpty()) {
            missing.add("gids " + join(gids) + " (not in root's subgid allocation)");
            fixes.add("\"usermod --add-subgids " + join(gids, " --add-subgids ") + " root\"");
        }
        return Optional.of("raw.idmap maps host " + String.join(" and ", missing) + ": allow them with "
                + String.join(" and ", fixes));
    }

    private static Optional<String> fixedBaseProblem(long base, long size, RootAllocation allocation,
                                                     List<TakenRange> taken) {
        if (base + size - 1 > IdRange.MAX_ID) {
            return Optional.of("security.idmap.base " + base + " with security.idmap.size " + size
                    + " goes past the largest id " + IdRange.MAX_ID);
        }
        IdRange wanted = new IdRange(base, size);
        List<IdRange> uids = allocation.uids().uncovered(wanted);
        List<IdRange> gids = allocation.gids().uncovered(wanted);
        if (!uids.isEmpty() || !gids.isEmpty()) {
            return Optional.of("security.idmap.base " + base + " with security.idmap.size " + size + " (host ids "
                    + wanted + ") is outside root's allocation (uids " + allocation.uids().merged() + ", gids "
                    + allocation.gids().merged() + "): " + join(uids.isEmpty() ? gids : uids) + " not allocated");
        }
        return IsolatedAllocator.overlap(wanted, taken).map(other -> "security.idmap.base " + base
                + " with security.idmap.size " + size + " (host ids " + wanted + ") overlaps the isolated map of "
                + other.owner() + " (" + other.range() + ")");
    }

    private static String outOfIds(long size, IdRange main, List<TakenRange> taken) {
        List<IdRange> free = IsolatedAllocator.free(main, taken);
        long total = free.stream().mapToLong(IdRange::size).sum();
        Optional<IdRange> largest = free.stream().max((a, b) -> Long.compare(a.size(), b.size()));
        return "Not enough uid/gid available for the container: asked for " + size + " ids (security.idmap.size), "
                + "but root's range " + main + " has " + total + " ids free for isolated maps"
                + largest.map(r -> ", the largest free block being " + r + " (" + r.size() + " ids)").orElse("")
                + " after the isolated maps of " + taken.size() + " other instance(s)";
    }

    private static String join(List<IdRange> ranges) {
        return join(ranges, ", ");
    }

    private static String join(List<IdRange> ranges, String separator) {
        return String.join(separator, ranges.stream().map(IdRange::toString).toList());
    }
}
