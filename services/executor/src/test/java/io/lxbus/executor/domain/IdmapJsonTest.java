package io.lxbus.executor.domain;

import io.lxbus.events.IdmapEntry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IdmapJsonTest {
    @Test
    void readsLxdsJsonAndWritesLxcLines() {
        List<IdmapEntry> map = IdmapJson.parse("[{\"Isuid\":true,\"Isgid\":true,\"Hostid\":1000000,\"Nsid\":0,"
                + "\"Maprange\":1000},{\"Isuid\":true,\"Isgid\":false,\"Hostid\":1000,\"Nsid\":1000,\"Maprange\":1}]");
        assertThat(IdmapJson.lxcLines(map)).containsExactly("u 0 1000000 1000", "g 0 1000000 1000", "u 1000 1000 1");
        assertThat(IdmapJson.hostId(map, 5, true)).isEqualTo(1000005);
        assertThat(IdmapJson.hostId(map, 1000, true)).isEqualTo(1000);
        assertThat(IdmapJson.hostId(map, 1000, false)).isEqualTo(-1);
    }

    @Test
    void emptyMeansPrivileged() {
        assertThat(IdmapJson.parse("[]")).isEmpty();
        assertThat(IdmapJson.parse(null)).isEmpty();
    }

    @Test
    void reshiftingGoesThroughTheIdsInsideTheContainer() {
        List<IdmapEntry> old = IdmapJson.parse(TestMaps.uidsAndGids(100000, 65536));
        List<IdmapEntry> next = IdmapJson.parse(TestMaps.uidsAndGids(300000, 65536));
        assertThat(IdmapJson.reshift(old, next, 100000, true)).isEqualTo(300000);
        assertThat(IdmapJson.reshift(old, next, 101000, false)).isEqualTo(301000);
        assertThat(IdmapJson.reshift(List.of(), next, 0, true)).as("unshifted to shifted").isEqualTo(300000);
        assertThat(IdmapJson.reshift(old, List.of(), 100033, true)).as("shifted to unshifted").isEqualTo(33);
        assertThat(IdmapJson.reshift(old, next, 5, true)).as("outside the old map: left alone").isEqualTo(-1);
        assertThat(IdmapJson.reshift(next, IdmapJson.parse(TestMaps.uidsAndGids(300000, 10)), 300020, true))
                .as("outside the new map: left alone").isEqualTo(-1);
    }

    @Test
    void mapsAreTheSameHoweverTheirEntriesAreSplitAndTheMarkerReadsBack() {
        List<IdmapEntry> both = List.of(new IdmapEntry(true, true, 100000, 0, 65536));
        List<IdmapEntry> split = IdmapJson.parse(TestMaps.uidsAndGids(100000, 65536));
        assertThat(IdmapJson.sameMap(both, split)).isTrue();
        assertThat(IdmapJson.sameMap(both, List.of())).isFalse();
        assertThat(IdmapJson.fromLxcLines(String.join("\n", IdmapJson.lxcLines(both)))).isEqualTo(split);
    }

    @Test
    void aRawBothEntryInTheMapTwiceIsWrittenOnceInLxdsOrder() {
        IdmapEntry both = new IdmapEntry(true, true, 1000, 1000, 1);
        List<IdmapEntry> map = List.of(new IdmapEntry(true, false, 1_000_000, 0, 1000), both,
                new IdmapEntry(true, false, 1_001_001, 1001, 999_998_999), new IdmapEntry(false, true, 1_000_000, 0, 1000),
                both, new IdmapEntry(false, true, 1_001_001, 1001, 999_998_999));
        assertThat(IdmapJson.lxcLines(map)).containsExactly("u 0 1000000 1000", "u 1000 1000 1", "g 1000 1000 1",
                "u 1001 1001001 999998999", "g 0 1000000 1000", "g 1001 1001001 999998999");
    }
}
