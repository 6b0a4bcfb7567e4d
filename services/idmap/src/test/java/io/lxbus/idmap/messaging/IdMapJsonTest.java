package io.lxbus.idmap.messaging;

import io.lxbus.events.IdMap;
import io.lxbus.events.wire.Json;
import io.lxbus.idmap.domain.IdRange;
import io.lxbus.idmap.domain.IdRanges;
import io.lxbus.idmap.domain.MapDecision;
import io.lxbus.idmap.domain.MapPlanner;
import io.lxbus.idmap.domain.MapRequest;
import io.lxbus.idmap.domain.RootAllocation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The entries are written exactly as LXD writes {@code volatile.idmap.next}, so the instance service copies them. */
class IdMapJsonTest {

    @Test
    void theDefaultMapsEntriesAreLxdsVolatileIdmapNext() throws Exception {
        RootAllocation allocation = new RootAllocation(new IdRanges(List.of(new IdRange(1_000_000, 1_000_000_000))),
                new IdRanges(List.of(new IdRange(1_000_000, 1_000_000_000))));
        MapDecision.Mapped mapped = (MapDecision.Mapped) MapPlanner.decide(MapRequest.DEFAULT, allocation, List.of());
        assertThat(Json.mapper().writeValueAsString(mapped.entries())).isEqualTo(
                "[{\"Isuid\":true,\"Isgid\":false,\"Hostid\":1000000,\"Nsid\":0,\"Maprange\":1000000000},"
                        + "{\"Isuid\":false,\"Isgid\":true,\"Hostid\":1000000,\"Nsid\":0,\"Maprange\":1000000000}]");
    }

    @Test
    void aPrivilegedMapIsAnEmptyList() throws Exception {
        MapDecision.Mapped mapped = (MapDecision.Mapped) MapPlanner.decide(
                MapRequest.of(Map.of("security.privileged", "true")), RootAllocation.NONE, List.of());
        assertThat(Json.mapper().writeValueAsString(mapped.entries())).isEqualTo("[]");
    }

    @Test
    void theRecordReadsBack() throws Exception {
        IdMap map = new IdMap("default", "c1", "u1", List.of(), 0, false, MapPlanner.NO_ALLOCATION,
                Instant.parse("2025-03-01T10:00:00Z"), "op1");
        String json = Json.mapper().writeValueAsString(map);
        assertThat(json).contains("\"entries\":[]", "\"error\":\"No subuid/subgid allocation for root");
        assertThat(Json.mapper().readValue(json, IdMap.class)).isEqualTo(map);
    }
}
