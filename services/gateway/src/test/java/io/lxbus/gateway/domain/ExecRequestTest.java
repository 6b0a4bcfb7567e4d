package io.lxbus.gateway.domain;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecRequestTest {

    private static ExecRequest parse(String json, Map<String, String> config) {
        return ExecRequest.parse(json.getBytes(StandardCharsets.UTF_8), config);
    }

    @Test
    void root_gets_lxds_default_environment_under_config_and_request_values() {
        ExecRequest request = parse("{\"command\":[\"env\"],\"environment\":{\"TERM\":\"xterm\",\"LANG\":\"fr_FR\"},"
                + "\"wait-for-websocket\":true}", Map.of("environment.FOO", "bar", "limits.cpu", "1"));
        assertThat(request.environment()).containsEntry("PATH", ExecRequest.DEFAULT_PATH)
                .containsEntry("HOME", "/root").containsEntry("USER", "root").containsEntry("LANG", "fr_FR")
                .containsEntry("TERM", "xterm").containsEntry("FOO", "bar").doesNotContainKey("limits.cpu");
        assertThat(request.fds()).containsExactly("0", "1", "2", "control");
    }

    @Test
    void another_user_gets_no_home_and_a_pty_request_has_one_data_socket() {
        ExecRequest request = parse("{\"command\":[\"sh\"],\"user\":1000,\"interactive\":true,\"width\":80,"
                + "\"height\":24,\"wait-for-websocket\":true}", Map.of());
        assertThat(request.environment()).doesNotContainKeys("HOME", "USER").containsKey("PATH");
        assertThat(request.fds()).containsExactly("0", "control");
        assertThat(request.width()).isEqualTo(80);
    }

    @Test
    void bad_requests_are_refused() {
        assertThatThrownBy(() -> parse("{\"command\":[]}", Map.of())).hasMessageContaining("No command");
        assertThatThrownBy(() -> parse("{\"command\":[\"ls\"],\"cwd\":\"tmp\"}", Map.of()))
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> parse("{\"command\":[\"ls\"],\"user\":-1}", Map.of())).hasMessageContaining("user");
        assertThatThrownBy(() -> parse("{\"command\":[\"ls\"],\"environment\":{\"A=B\":\"1\"}}", Map.of()))
                .hasMessageContaining("environment");
    }
}
