package io.lxbus.executor.driver.lxc.jna;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LxcContainerStructTest {
    private final LxcContainerStruct struct = new LxcContainerStruct();

    @Test
    void hasTheSizeOfLiblxc502() {
        assertThat(struct.size()).isEqualTo(568);
    }

    @Test
    void membersSitWhereTheHeaderPutsThem() {
        assertThat(struct.offsetOf("name")).isZero();
        assertThat(struct.offsetOf("numthreads")).isEqualTo(40);
        assertThat(struct.offsetOf("error_num")).isEqualTo(64);
        assertThat(struct.offsetOf("daemonize")).isEqualTo(68);
        assertThat(struct.offsetOf("config_path")).isEqualTo(72);
        assertThat(struct.offsetOf("is_defined")).isEqualTo(80);
        assertThat(struct.offsetOf("state")).isEqualTo(88);
        assertThat(struct.offsetOf("shutdown")).isEqualTo(248);
        assertThat(struct.offsetOf("get_cgroup_item")).isEqualTo(312);
        assertThat(struct.offsetOf("set_cgroup_item")).isEqualTo(320);
        assertThat(struct.offsetOf("devpts_fd")).isEqualTo(560);
    }
}
