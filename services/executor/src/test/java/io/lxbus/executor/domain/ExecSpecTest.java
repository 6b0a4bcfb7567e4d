package io.lxbus.executor.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecSpecTest {

    @Test
    void the_attach_request_has_ids_cwd_pty_and_exactly_the_environment() {
        ExecSpec spec = new ExecSpec(List.of("sh", "-c", "echo $A"), Map.of("A", "1", "HOME", "/root"), 1000, 1000,
                "/tmp", true, 80, 24, ExecSpec.Output.STREAM);
        assertThat(spec.attachArguments("uuid", "/lxc", true)).containsExactly("lxbus-attach", "-n", "uuid",
                "-P", "/lxc", "-u", "1000", "-g", "1000", "-c", "/tmp", "-t",
                "-e", "A=1", "-e", "HOME=/root", "--", "sh", "-c", "echo $A");
    }

    @Test
    void without_a_cwd_the_home_is_tried() {
        ExecSpec spec = new ExecSpec(List.of("true"), Map.of("HOME", "/root"), 0, 0, "", false, 0, 0,
                ExecSpec.Output.DISCARD);
        assertThat(spec.attachArguments("u", "/l", false)).containsSequence("-C", "/root")
                .doesNotContain("-t");
    }

    @Test
    void bad_specs_are_refused_and_lxd_names_126_and_127() {
        assertThatThrownBy(() -> new ExecSpec(List.of(), Map.of(), 0, 0, "", false, 0, 0, ExecSpec.Output.STREAM))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExecSpec(List.of("ls"), Map.of("A=B", "1"), 0, 0, "", false, 0, 0,
                ExecSpec.Output.STREAM)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExecSpec(List.of("ls"), Map.of(), 0, 0, "relative", false, 0, 0,
                ExecSpec.Output.STREAM)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ExecSpec.errorOf(127)).isEqualTo("Command not found");
        assertThat(ExecSpec.errorOf(126)).isEqualTo("Command not executable");
        assertThat(ExecSpec.errorOf(3)).isNull();
    }
}
