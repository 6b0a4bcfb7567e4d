package io.lxbus.events;

import java.time.Instant;
import java.util.List;

/**
 * The id map every instance that shares it gets ({@link IdmapLedger#sharesMap}: unprivileged, not isolated, no
 * {@code raw.idmap}), on {@code lxbus.idmap.shared} under the key {@link #KEY}; written only by the idmap service, from
 * root's allocation as it stands, and again whenever that changes. The idmap service still writes each instance's own
 * {@link IdMap}; this record lets the instance service finish a create without waiting for it, because for these
 * instances that map is this one.
 *
 * @param entries root's main uid and gid ranges from container id 0; empty when {@code error} is set
 * @param base    {@code volatile.idmap.base} of a shared map: 0, as in LXD
 * @param error   why there is no shared map (root has no allocation, or none large enough); null otherwise
 * @param at      when it was decided
 */
public record SharedIdmap(List<IdmapEntry> entries, long base, String error, Instant at) {
    /** The record's key: one shared map per idmap service. */
    public static final String KEY = "shared";
}
