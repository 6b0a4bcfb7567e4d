package io.lxbus.executor.driver.lxc;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AttachServerTest {

    @Test
    void the_request_is_the_arguments_each_ended_by_a_nul_bytes_as_given() {
        byte[] request = AttachServer.request(List.of("lxbus-attach", "-e", "A=ä b", "--", "sh", ""));
        assertThat(new String(request, StandardCharsets.UTF_8)).isEqualTo("lxbus-attach\0-e\0A=ä b\0--\0sh\0\0");
    }
}
