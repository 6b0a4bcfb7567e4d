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
 * @param base         the first host id of the map ({@code volatile.idmap.base}); 0 when privileged
 * @param isolated     whether the range is the instance's own ({@code security.idmap.isolated})
 * @param error        why no map could be made (for example no subuid range for root); null when fine
 * @param at           when it was decided
 */
public record IdMap(String project, String instance, String instanceUuid, List<IdmapEntry> entries, long base,
                    boolean isolated, String error, Instant at) {
}
