package io.lxbus.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lxbus.events.Operation;
import io.lxbus.events.wire.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EnvelopesTest {
    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void syncIsLxdsBytes() {
        assertThat(text(Envelopes.sync(List.of("/1.0")))).isEqualTo("{\"type\":\"sync\",\"status\":\"Success\","
                + "\"status_code\":200,\"operation\":\"\",\"error_code\":0,\"error\":\"\",\"metadata\":[\"/1.0\"]}\n");
        assertThat(text(Envelopes.sync(null))).contains("\"metadata\":null}");
    }

    @Test
    void errorRepeatsTheHttpStatus() {
        assertThat(text(Envelopes.error(404, "Profile \"x\" not found"))).isEqualTo("{\"type\":\"error\",\"status\":\"\","
                + "\"status_code\":0,\"operation\":\"\",\"error_code\":404,\"error\":\"Profile \\\"x\\\" not found\","
                + "\"metadata\":null}\n");
    }

    @Test
    void asyncPointsAtTheOperation() throws Exception {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Operation op = new Operation("abc", "task", "Creating instance", now, now, "Running", 103,
                Map.of("instances", List.of("/1.0/instances/c1")), Map.of(), false, "", "none");
        JsonNode body = Json.mapper().readTree(Envelopes.async(op));
        assertThat(body.get("type").asText()).isEqualTo("async");
        assertThat(body.get("status_code").asInt()).isEqualTo(100);
        assertThat(body.get("operation").asText()).isEqualTo("/1.0/operations/abc");
        assertThat(body.get("metadata").get("class").asText()).isEqualTo("task");
        assertThat(body.get("metadata").get("status_code").asInt()).isEqualTo(103);
        assertThat(body.get("metadata").get("resources").get("instances").get(0).asText()).isEqualTo("/1.0/instances/c1");
    }

    @Test
    void serverInfoHasWhatTheClientNeeds() throws Exception {
        JsonNode metadata = Json.mapper().readTree(ServerInfo.encode()).get("metadata");
        assertThat(metadata.get("api_extensions")).hasSize(318);
        assertThat(metadata.get("auth").asText()).isEqualTo("trusted");
        assertThat(metadata.get("public").asBoolean()).isFalse();
        assertThat(metadata.get("environment").get("storage").asText()).isNotEmpty();
        assertThat(metadata.get("environment").get("server_clustered").asBoolean()).isFalse();
        assertThat(metadata.get("environment").get("server_pid").asLong()).isEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void eventTypesDefaultToAllAndRejectUnknown() {
        assertThat(EventsRoute.types(null)).containsExactlyInAnyOrder("operation", "lifecycle", "logging");
        assertThat(EventsRoute.types("lifecycle")).containsExactly("lifecycle");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventsRoute.types("lifecycle,bogus"))
                .hasMessageContaining("bogus");
    }
}
