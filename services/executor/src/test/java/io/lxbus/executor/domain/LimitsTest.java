package io.lxbus.executor.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LimitsTest {
    @Test
    void memoryUnits() {
        assertThat(Limits.memoryBytes("64MiB", 0)).isEqualTo(64L << 20);
        assertThat(Limits.memoryBytes("1GB", 0)).isEqualTo(1_000_000_000L);
        assertThat(Limits.memoryBytes("1024", 0)).isEqualTo(1024);
        assertThat(Limits.memoryBytes("50%", 1000)).isEqualTo(500);
    }

    @Test
    void cpuCountTakesTheFirstCpusAndPinListsStay() {
        assertThat(Limits.cpuset("3", List.of(0, 1, 2, 5))).isEqualTo("0-2");
        assertThat(Limits.cpuset("2", List.of(1, 3))).isEqualTo("1,3");
        assertThat(Limits.cpuset("0-1,3", List.of(0, 1, 2, 3))).isEqualTo("0-1,3");
    }
}
