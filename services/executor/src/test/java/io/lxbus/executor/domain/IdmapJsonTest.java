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
}
