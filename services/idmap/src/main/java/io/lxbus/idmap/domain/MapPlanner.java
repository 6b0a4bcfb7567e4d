package io.lxbus.idmap.domain;

import io.lxbus.events.IdmapEntry;

import java.util.List;
import java.util.Optional;

/**
 * Decides an instance's id map from its request and root's allocation, as LXD 5.0 does: a privileged container has
 * none; an unprivileged one gets the shared default map, root's first declared subuid range of at least 65536 ids
 * (and likewise for subgid), mapped from id 0 in the container.
 */
public final class MapPlanner {
    /** The refusal when root has no allocation at all. */
    public static final String NO_ALLOCATION = "No subuid/subgid allocation for root: add one, for example with "
            + "\"usermod --add-subuids 1000000-1999999999 --add-subgids 1000000-1999999999 root\"";
    /** The refusal when root's ranges are all too small. */
    public static final String TOO_SMALL = "No subuid/subgid range of at least " + IdRanges.MIN_USABLE_SIZE
            + " ids for root: add one, for example with "
            + "\"usermod --add-subuids 1000000-1999999999 --add-subgids 1000000-1999999999 root\"";
    /** The refusal for isolated maps until they are built. */
    public static final String ISOLATED_NOT_YET = "security.idmap.isolated is not supported yet";
    /** The refusal for raw.idmap until it is built. */
    public static final String RAW_NOT_YET = "raw.idmap is not supported yet";

    private MapPlanner() {
    }

    /** The map for {@code request} given root's {@code allocation}. */
    public static MapDecision decide(MapRequest request, RootAllocation allocation) {
        if (request.privileged()) {
            return new MapDecision.Mapped(List.of(), 0, false);
        }
        if (request.isolated()) {
            return new MapDecision.Refused(ISOLATED_NOT_YET);
        }
        if (request.rawIdmap() != null) {
            return new MapDecision.Refused(RAW_NOT_YET);
        }
        return defaultMap(allocation);
    }

    /** The shared default map: one uid and one gid entry, each the first usable declared range, from id 0. */
    static MapDecision defaultMap(RootAllocation allocation) {
        if (allocation.uids().isEmpty() || allocation.gids().isEmpty()) {
            return new MapDecision.Refused(NO_ALLOCATION);
        }
        Optional<IdRange> uids = allocation.uids().firstUsable();
        Optional<IdRange> gids = allocation.gids().firstUsable();
        if (uids.isEmpty() || gids.isEmpty()) {
            return new MapDecision.Refused(TOO_SMALL);
        }
        return new MapDecision.Mapped(List.of(
                new IdmapEntry(true, false, uids.get().start(), 0, uids.get().size()),
                new IdmapEntry(false, true, gids.get().start(), 0, gids.get().size())),
                uids.get().start(), false);
    }
}
