package io.lxbus.instance.domain;

import io.lxbus.events.IdmapEntry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class VolatileKeysTest {
    private static final Map<String, String> SERVER = Map.of("volatile.uuid", "u1", "volatile.base_image", "fp",
            "volatile.idmap.next", "[]", "volatile.eth0.hwaddr", "00:16:3e:00:00:01", "limits.cpu", "1");

    @Test
    void aPutKeepsTheServersOwnKeysWhateverTheClientSends() {
        Map<String, String> config = VolatileKeys.replace(SERVER, Map.of("volatile.uuid", "forged",
                "volatile.idmap.base", "5", "user.k", "v", "volatile.eth0.hwaddr", "00:16:3e:00:00:02"));
        assertThat(config).containsEntry("volatile.uuid", "u1").containsEntry("volatile.base_image", "fp")
                .containsEntry("volatile.idmap.next", "[]").doesNotContainKey("volatile.idmap.base")
                .containsEntry("volatile.eth0.hwaddr", "00:16:3e:00:00:02").containsEntry("user.k", "v")
                .doesNotContainKey("limits.cpu");
    }

    @Test
    void aPutWithoutVolatileKeysKeepsThemAll() {
        assertThat(VolatileKeys.replace(SERVER, Map.of())).containsOnlyKeys("volatile.uuid", "volatile.base_image",
                "volatile.idmap.next", "volatile.eth0.hwaddr");
    }

    @Test
    void aPatchUnsetsWithEmptyValuesButNeverServerKeys() {
        assertThat(VolatileKeys.patch(SERVER, Map.of("limits.cpu", "", "volatile.uuid", "")))
                .doesNotContainKey("limits.cpu").containsEntry("volatile.uuid", "u1");
    }

    @Test
    void idmapJsonIsLxds() {
        assertThat(VolatileKeys.idmapJson(List.of(new IdmapEntry(true, false, 1000000, 0, 65536))))
                .isEqualTo("[{\"Isuid\":true,\"Isgid\":false,\"Hostid\":1000000,\"Nsid\":0,\"Maprange\":65536}]");
        assertThat(VolatileKeys.idmapJson(null)).isEqualTo("[]");
    }
}
