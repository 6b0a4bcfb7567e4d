package io.lxbus.executor.driver.lxc;

import io.lxbus.executor.driver.DriverException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttachServerTest {

    @Test
    void the_request_is_the_arguments_each_ended_by_a_nul_bytes_as_given() {
        byte[] request = AttachServer.request(List.of("lxbus-attach", "-e", "A=ä b", "--", "sh", ""));
        assertThat(new String(request, StandardCharsets.UTF_8)).isEqualTo("lxbus-attach\0-e\0A=ä b\0--\0sh\0\0");
    }

    @Test
    void a_request_past_the_servers_limits_is_refused_before_anything_starts(@TempDir Path run) {
        AttachServer server = new AttachServer(run);
        List<String> many = new ArrayList<>(Collections.nCopies(AttachServer.MAX_ARGUMENTS + 1, "x"));
        assertThatThrownBy(() -> server.send(many, new int[]{0, 1, 2})).isInstanceOf(DriverException.class)
                .hasMessageContaining("too long");
        List<String> big = List.of("lxbus-attach", "--", "echo", "x".repeat(AttachServer.MAX_REQUEST_BYTES));
        assertThatThrownBy(() -> server.send(big, new int[]{0, 1, 2})).isInstanceOf(DriverException.class)
                .hasMessageContaining("too long");
        assertThat(run).isEmptyDirectory();
    }
}
