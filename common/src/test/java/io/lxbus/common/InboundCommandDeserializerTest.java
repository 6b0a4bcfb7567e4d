package io.lxbus.common;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lxbus.events.Command;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InboundCommandDeserializerTest {
    private final InboundCommandDeserializer<Map<String, String>> reader =
            new InboundCommandDeserializer<>(new TypeReference<Command<Map<String, String>>>() { });

    @Test
    void readsAWholeCommand() {
        InboundCommand<Map<String, String>> read = reader.deserialize("t", bytes(
                "{\"commandId\":\"c1\",\"operationId\":\"o1\",\"body\":{\"name\":\"x\"}}"));
        assertThat(read.readable()).isTrue();
        assertThat(read.commandId()).isEqualTo("c1");
        assertThat(read.command().body()).containsEntry("name", "x");
    }

    @Test
    void salvagesIdsOfABrokenCommand() {
        InboundCommand<Map<String, String>> read = reader.deserialize("t", bytes(
                "{\"commandId\":\"c1\",\"operationId\":\"o1\",\"body\":42}"));
        assertThat(read.readable()).isFalse();
        assertThat(read.commandId()).isEqualTo("c1");
        assertThat(read.operationId()).isEqualTo("o1");
        assertThat(read.problem()).isNotBlank().doesNotContain("\n");
    }

    @Test
    void neverThrowsOnGarbage() {
        InboundCommand<Map<String, String>> read = reader.deserialize("t", bytes("not json"));
        assertThat(read.readable()).isFalse();
        assertThat(read.commandId()).isNull();
        assertThat(read.problem()).isNotBlank();
        assertThat(reader.deserialize("t", null)).isNull();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
