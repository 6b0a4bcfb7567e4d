package io.lxbus.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestKafkaTest {
    @Test
    void prefixesAreDistinctLegalTopicNamePrefixes() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String prefix = TestKafka.uniquePrefix();
            assertThat(prefix).matches("t[0-9a-f]{12}\\.");
            seen.add(prefix);
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void freePortsAreTwoDistinctPorts() throws Exception {
        int[] ports = TestKafka.freePorts();
        assertThat(ports).hasSize(2).doesNotHaveDuplicates();
        assertThat(ports[0]).isPositive();
        assertThat(ports[1]).isPositive();
    }
}
