package io.lxbus.executor.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainerPathTest {
    @Test
    void acceptsPathsWithOrWithoutTheLeadingSlashAsTheClientSendsThem() {
        assertThat(ContainerPath.of("root/dst/")).isEqualTo(new ContainerPath("/root/dst", "/root", "dst"));
        assertThat(ContainerPath.of("/etc")).isEqualTo(new ContainerPath("/etc", "/", "etc"));
        assertThat(ContainerPath.of("/")).isEqualTo(new ContainerPath("/", "/", ""));
    }

    @Test
    void refusesWhatNamesNoEntry() {
        assertThatThrownBy(() -> ContainerPath.of("")).hasMessage("Missing path argument");
        assertThatThrownBy(() -> ContainerPath.of("/a\0b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContainerPath.of("/").entryName()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContainerPath.of("/tmp/..").entryName()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reportsSymlinkTargetsAbsoluteAndClean() {
        assertThat(ContainerPath.of("/usr/bin/sh").absoluteTarget("../../bin/busybox")).isEqualTo("/bin/busybox");
        assertThat(ContainerPath.of("/tmp/outside").absoluteTarget("/")).isEqualTo("/");
        assertThat(ContainerPath.of("/a").absoluteTarget("../../../etc")).isEqualTo("/etc");
    }
}
