package io.lxbus.executor.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiskIdsTest {
    @Test
    void anUnshiftedDiskHoldsTheContainersIds() {
        assertThat(DiskIds.fromMarker(null).shifted()).isFalse();
        assertThat(DiskIds.UNSHIFTED.toDisk(0, true)).isZero();
        assertThat(DiskIds.UNSHIFTED.fromDisk(1000, false)).isEqualTo(1000);
    }

    @Test
    void aChownedDiskHoldsHostIdsOfTheMap() {
        DiskIds ids = DiskIds.fromMarker("u 0 1000000 65536\ng 0 2000000 65536");
        assertThat(ids.toDisk(0, true)).isEqualTo(1000000);
        assertThat(ids.toDisk(5, false)).isEqualTo(2000005);
        assertThat(ids.fromDisk(1000033, true)).isEqualTo(33);
        assertThat(ids.fromDisk(0, true)).isEqualTo(DiskIds.OVERFLOW);
        assertThatThrownBy(() -> ids.toDisk(70000, true)).hasMessageContaining("not mapped");
    }
}
