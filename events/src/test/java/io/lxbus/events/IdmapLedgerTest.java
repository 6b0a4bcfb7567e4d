package io.lxbus.events;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IdmapLedgerTest {
    private static Instance instance(InstanceStatus status, Map<String, String> expanded, PendingAction pending) {
        return on("h1", status, expanded, pending);
    }

    private static Instance on(String host, InstanceStatus status, Map<String, String> expanded,
                               PendingAction pending) {
        return new Instance("default", "c1", "u1", "container", "", "x86_64", false, List.of("default"), Map.of(),
                Map.of(), expanded, Map.of(), null, host, "default", "/root", status, null, pending, 1, null, null,
                null);
    }

    @Test
    void aKeysFirstRecordAndItsTombstoneAlwaysGo() {
        Instance any = instance(InstanceStatus.STOPPED, Map.of(), null);
        assertThat(IdmapLedger.copies(null, any)).isTrue();
        assertThat(IdmapLedger.copies(any, null)).isTrue();
    }

    @Test
    void statusAndConfigTheMapDoesNotReadStayBehind() {
        Instance creating = instance(InstanceStatus.CREATING, Map.of(), null);
        Instance stopped = instance(InstanceStatus.STOPPED,
                Map.of("volatile.idmap.next", "[]", "limits.cpu", "2", "security.privileged", ""), null);
        Instance running = instance(InstanceStatus.RUNNING, Map.of("volatile.idmap.next", "[]"), null);
        assertThat(IdmapLedger.copies(creating, stopped)).isFalse();
        assertThat(IdmapLedger.copies(stopped, running)).isFalse();
    }

    @Test
    void mapKeysDeletionRemapAndHostGo() {
        Instance stopped = instance(InstanceStatus.STOPPED, Map.of(), null);
        assertThat(IdmapLedger.copies(stopped, instance(InstanceStatus.STOPPED, Map.of("raw.idmap", "both 1000 0"),
                null))).isTrue();
        assertThat(IdmapLedger.copies(stopped, instance(InstanceStatus.DELETING, Map.of(), null))).isTrue();
        PendingAction remap = new PendingAction("op1", "cmd1", IdmapLedger.REMAP, false, -1, null, null);
        assertThat(IdmapLedger.copies(stopped, instance(InstanceStatus.STOPPED, Map.of(), remap))).isTrue();
        assertThat(IdmapLedger.copies(stopped, on("h2", InstanceStatus.STOPPED, Map.of(), null))).isTrue();
    }

    @Test
    void theSharedMapIsForUnprivilegedNonIsolatedInstancesWithoutRawIdmap() {
        assertThat(IdmapLedger.sharesMap(Map.of())).isTrue();
        assertThat(IdmapLedger.sharesMap(null)).isTrue();
        assertThat(IdmapLedger.sharesMap(Map.of("security.privileged", "false", "security.idmap.isolated", "off",
                "security.idmap.size", "100000", "raw.idmap", " "))).isTrue();
        assertThat(IdmapLedger.sharesMap(Map.of("security.privileged", " On "))).isFalse();
        assertThat(IdmapLedger.sharesMap(Map.of("security.idmap.isolated", "1"))).isFalse();
        assertThat(IdmapLedger.sharesMap(Map.of("raw.idmap", "both 1000 1000"))).isFalse();
    }

    @Test
    void privilegedIsReadAsLxdReadsABoolean() {
        assertThat(IdmapLedger.privileged(Map.of("security.privileged", " YES "))).isTrue();
        assertThat(IdmapLedger.privileged(Map.of("security.privileged", "1"))).isTrue();
        assertThat(IdmapLedger.privileged(Map.of("security.privileged", "false"))).isFalse();
        assertThat(IdmapLedger.privileged(Map.of())).isFalse();
        assertThat(IdmapLedger.privileged(null)).isFalse();
    }
}
