package io.lxbus.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatenciesTest {
    @Test
    void percentiles_use_the_nearest_rank() {
        Latencies latencies = new Latencies("x");
        for (int ms = 100; ms >= 1; ms--) {
            latencies.add(ms * 1_000_000L);
        }
        assertThat(latencies.percentile(50)).isEqualTo(50.0);
        assertThat(latencies.percentile(99)).isEqualTo(99.0);
        assertThat(latencies.percentile(100)).isEqualTo(100.0);
        assertThat(latencies.count()).isEqualTo(100);
    }
}
