package io.lxbus.idmap.domain;

import io.lxbus.events.IdmapEntry;

import java.util.List;

/** What an instance's id map is, or why it cannot have one. */
public sealed interface MapDecision {

    /**
     * A map (empty for a privileged container).
     *
     * @param entries  the ranges, user ids first, in LXD's {@code volatile.idmap.next} order
     * @param base     the first host id ({@code volatile.idmap.base}); 0 when privileged
     * @param isolated whether the range is the instance's own
     */
    record Mapped(List<IdmapEntry> entries, long base, boolean isolated) implements MapDecision {
        public Mapped {
            entries = List.copyOf(entries);
        }
    }

    /**
     * No map can be made; the instance service refuses the create with {@code message}.
     *
     * @param message a sentence the user can act on
     */
    record Refused(String message) implements MapDecision {
    }
}
