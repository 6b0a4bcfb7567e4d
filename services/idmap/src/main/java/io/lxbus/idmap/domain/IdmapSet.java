package io.lxbus.idmap.domain;

import io.lxbus.events.IdmapEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * An id map as LXD's {@code IdmapSet} builds it: entries in order, and {@link #addSafe} punching an entry through
 * the ones whose container ids it shares (each is split into the part below, the new entry and the part above).
 *
 * @param entries the entries, in the order {@code lxc.idmap} lines are written
 */
public record IdmapSet(List<IdmapEntry> entries) {
    /** No entries. */
    public static final IdmapSet EMPTY = new IdmapSet(List.of());

    public IdmapSet {
        entries = List.copyOf(entries);
    }

    /**
     * This map with {@code added} added as LXD 5.0's {@code AddSafe} adds it: every entry whose ids it meets is split
     * around it, and it is placed after each lower part; otherwise it is appended. An entry for user and group ids
     * (a {@code both} line) stays one entry, so it appears once after the uid entry it splits and again after the
     * gid one; {@code lxc.idmap} lines are written once each (LXD's {@code ToLxcString}), which is why LXD's gid_map
     * starts with the raw line: {@code 1000 1000 1}, {@code 0 1000000 1000}, {@code 1001 1001001 …}.
     *
     * @throws HostIdsTaken when the entry's host ids are already mapped by an entry it meets
     */
    public IdmapSet addSafe(IdmapEntry added) {
        List<IdmapEntry> result = new ArrayList<>();
        boolean placed = false;
        for (IdmapEntry e : entries) {
            if (!intersects(e, added)) {
                result.add(e);
                continue;
            }
            if (hostIdsIntersect(e, added)) {
                throw new HostIdsTaken(added, e);
            }
            placed = true;
            long lowerRange = added.nsid() - e.nsid();
            IdmapEntry lower = new IdmapEntry(e.isuid(), e.isgid(), e.hostid(), e.nsid(), lowerRange);
            IdmapEntry upper = new IdmapEntry(e.isuid(), e.isgid(), e.hostid() + lowerRange + added.maprange(),
                    added.nsid() + added.maprange(), e.maprange() - added.maprange() - lowerRange);
            if (lower.maprange() > 0) {
                result.add(lower);
            }
            result.add(added);
            if (upper.maprange() > 0) {
                result.add(upper);
            }
        }
        if (!placed) {
            result.add(added);
        }
        return new IdmapSet(result);
    }

    /** Same kind of ids, and either the host or the container ids of one start inside the other (LXD's test). */
    static boolean intersects(IdmapEntry e, IdmapEntry i) {
        return sameKind(e, i) && (between(e.hostid(), i.hostid(), i.maprange()) || between(i.hostid(), e.hostid(),
                e.maprange()) || between(e.nsid(), i.nsid(), i.maprange()) || between(i.nsid(), e.nsid(), e.maprange()));
    }

    static boolean hostIdsIntersect(IdmapEntry e, IdmapEntry i) {
        return sameKind(e, i) && (between(e.hostid(), i.hostid(), i.maprange())
                || between(i.hostid(), e.hostid(), e.maprange()));
    }

    private static boolean sameKind(IdmapEntry e, IdmapEntry i) {
        return (e.isuid() && i.isuid()) || (e.isgid() && i.isgid());
    }

    private static boolean between(long x, long start, long size) {
        return x >= start && x < start + size;
    }

    /** An entry's host ids are already mapped by another entry of the map. */
    public static final class HostIdsTaken extends RuntimeException {
        private final transient IdmapEntry added;
        private final transient IdmapEntry existing;

        HostIdsTaken(IdmapEntry added, IdmapEntry existing) {
            super("host " + (added.isuid() && existing.isuid() ? "uids " : "gids ")
                    + new IdRange(added.hostid(), added.maprange())
                    + " are already mapped (to container ids from " + existing.nsid() + ")");
            this.added = added;
            this.existing = existing;
        }

        /** The entry that could not be added. */
        public IdmapEntry added() {
            return added;
        }

        /** The entry of the map whose host ids it shares. */
        public IdmapEntry existing() {
            return existing;
        }
    }
}
