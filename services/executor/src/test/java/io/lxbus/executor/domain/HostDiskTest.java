package io.lxbus.executor.domain;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HostDiskTest {

    @Test
    void onlyDisksWithAHostSourceAreHostDisksParentsFirst() {
        assertThat(HostDisk.of(Map.of(
                "root", Map.of("type", "disk", "path", "/", "pool", "default"),
                "vol", Map.of("type", "disk", "path", "/data", "source", "v1", "pool", "default"),
                "eth0", Map.of("type", "nic", "network", "br0"),
                "inner", Map.of("type", "disk", "path", "/srv/a/b/", "source", "/host/b"),
                "outer", Map.of("type", "disk", "path", "/srv/a", "source", "/host/a", "readonly", "true",
                        "shift", "yes", "required", "false"))))
                .containsExactly(new HostDisk("outer", "/host/a", "/srv/a", true, true, false, false),
                        new HostDisk("inner", "/host/b", "/srv/a/b", false, false, false, true));
    }

    @Test
    void mountEntriesBindCreateTheirTargetAndCarryTheOptions() {
        HostDisk plain = new HostDisk("d", "/host/dir", "/in/container", false, false, false, true);
        assertThat(plain.mountEntry(false, false)).isEqualTo("/host/dir in/container none bind,create=dir 0 0");
        HostDisk all = new HostDisk("d", "/host/file", "/etc/x.conf", true, true, true, false);
        assertThat(all.mountEntry(true, true))
                .isEqualTo("/host/file etc/x.conf none rbind,create=file,ro,idmap=container,optional 0 0");
    }

    @Test
    void spacesAndBackslashesAreEscapedForLiblxc() {
        HostDisk odd = new HostDisk("d", "/host/my dir", "/in\\side", false, false, false, true);
        assertThat(odd.mountEntry(false, false)).isEqualTo("/host/my\\040dir in\\134side none bind,create=dir 0 0");
    }
}
