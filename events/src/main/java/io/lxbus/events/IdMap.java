package io.lxbus.events;

import java.time.Instant;
import java.util.List;

/**
 * An instance's id map, on {@code lxbus.idmap.maps} keyed by {@code <project>/<name>} (project
 * partitioned); written only by the idmap service, tombstoned when the instance goes.
 *
 * @param project      the instance's project
 * @param instance     the instance's name
 * @param instanceUuid the instance's uuid (a rename keeps the map)
 * @param entries      the map; empty for a privileged container
 * @param base         {@code volatile.idmap.base}: the first host id of an isolated map; 0 otherwise (as in LXD)
 * @param isolated     whether the range is the instance's own ({@code security.idmap.isolated})
 * @param error        why the asked map could not be made (overlap, out of ids, raw.idmap outside root's
 *                     allocation); the entries are then the map the instance had before (empty for a new one)
 * @param at           when it was decided
 * @param operationId  the operation of the instance change this decision answers (the instance's pending
 *                     {@code remap}), so the instance service can tell its answer from an older map; null otherwise
 */
public record IdMap(String project, String instance, String instanceUuid, List<IdmapEntry> entries, long base,
                    boolean isolated, String error, Instant at, String operationId) {

    /** A map that answers no operation (a create's map, or one made again after a restart). */
    public IdMap(String project, String instance, String instanceUuid, List<IdmapEntry> entries, long base,
                 boolean isolated, String error, Instant at) {
        this(project, instance, instanceUuid, entries, base, isolated, error, at, null);
    }
}
