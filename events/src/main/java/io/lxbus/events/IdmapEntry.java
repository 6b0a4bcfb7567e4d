package io.lxbus.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One range of an id map, in LXD's JSON form (as in {@code volatile.idmap.next}).
 *
 * @param isuid    maps user ids
 * @param isgid    maps group ids
 * @param hostid   first id on the host
 * @param nsid     first id inside the container
 * @param maprange how many ids
 */
public record IdmapEntry(@JsonProperty("Isuid") boolean isuid, @JsonProperty("Isgid") boolean isgid,
                         @JsonProperty("Hostid") long hostid, @JsonProperty("Nsid") long nsid,
                         @JsonProperty("Maprange") long maprange) {
}
