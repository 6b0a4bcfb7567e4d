package io.lxbus.idmap.messaging;

import io.lxbus.events.IdMap;
import io.lxbus.idmap.domain.MapRequest;

/**
 * What the service last wrote for an instance, kept in {@link StoreNames#MAPS}: the same request again writes nothing.
 *
 * @param map     the record written to {@code lxbus.idmap.maps}
 * @param request the map-relevant config it was decided for
 */
public record WrittenMap(IdMap map, MapRequest request) {
}
