package io.lxbus.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lxbus.events.Topics;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CreateTopicsTest {
    @Test
    void deleteTopicsCarryTheirRetention() {
        assertThat(CreateTopics.configsOf(Topics.LIFECYCLE))
                .containsExactly(Map.entry("cleanup.policy", "delete"), Map.entry("retention.ms", "604800000"));
    }

    @Test
    void compactTopicsKeepTheBrokerRetention() {
        assertThat(CreateTopics.configsOf(Topics.PROFILES)).containsExactly(Map.entry("cleanup.policy", "compact"));
    }

    @Test
    void onlyValuesThatDifferAreAltered() {
        Map<String, String> wanted = Map.of("cleanup.policy", "compact", "retention.ms", "1000");
        Map<String, String> current = Map.of("cleanup.policy", "compact", "retention.ms", "5", "segment.ms", "1");
        assertThat(CreateTopics.differing(wanted, current)).containsExactly(Map.entry("retention.ms", "1000"));
        assertThat(CreateTopics.differing(wanted, Map.of())).isEqualTo(wanted);
    }

    @Test
    void parsesBootstrapAndPrefix() {
        assertThat(CreateTopics.parseArgs(new String[] {"--bootstrap", "a:1", "--prefix", "p.", "--bootstrap", "b:2"}))
                .containsEntry("--bootstrap", "b:2").containsEntry("--prefix", "p.");
    }

    @Test
    void rejectsMissingBootstrapAndUnknownOptions() {
        assertThatThrownBy(() -> CreateTopics.parseArgs(new String[] {"--prefix", "p."}))
                .hasMessageContaining("--bootstrap");
        assertThatThrownBy(() -> CreateTopics.parseArgs(new String[] {"--bootstrap"}))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> CreateTopics.parseArgs(new String[] {"--topic", "x"}))
                .hasMessageContaining("unknown option --topic");
    }
}
