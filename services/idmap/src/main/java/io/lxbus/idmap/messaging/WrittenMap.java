package io.lxbus.idmap.messaging;

import io.lxbus.events.IdMap;
import io.lxbus.idmap.domain.IdRange;
import io.lxbus.idmap.domain.MapRequest;

/**
 * What the service last wrote for an instance, kept in {@link StoreNames#MAPS}; the isolated ranges of all of them
 * are the ledger new isolated maps are placed against.
 *
 * @param map           the record written to {@code lxbus.idmap.maps}
 * @param request       the map-relevant config the map's entries answer; null when no map was ever granted
 * @param host          the instance's host (isolated ranges are exclusive per host, as in LXD)
 * @param isolatedRange the host ids the instance holds alone; null when not isolated
 * @param refused       the last request refused (the map then keeps the entries of {@code request}); null if none
 */
public record WrittenMap(IdMap map, MapRequest request, String host, IdRange isolatedRange, MapRequest refused) {
}
