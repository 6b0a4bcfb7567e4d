package io.lxbus.idmap.domain;

import io.lxbus.events.IdmapEntry;

import java.util.List;

/** What an instance's id map is, or why it cannot have one. */
public sealed interface MapDecision {

    /**
     * A map (empty for a privileged container).
     *
     * @param entries       the ranges, in LXD's {@code volatile.idmap.next} order
     * @param base          {@code volatile.idmap.base}: the isolated range's first host id; 0 otherwise, as in LXD
     * @param isolatedRange the host ids the instance holds alone (uids and gids alike); null when not isolated
     */
    record Mapped(List<IdmapEntry> entries, long base, IdRange isolatedRange) implements MapDecision {
        public Mapped {
            entries = List.copyOf(entries);
        }

        /** Whether the range is the instance's own. */
        public boolean isolated() {
            return isolatedRange != null;
        }
    }

    /**
     * No map can be made; the instance service refuses the create or update with {@code message}.
     *
     * @param message a sentence the user can act on
     */
    record Refused(String message) implements MapDecision {
    }
}
