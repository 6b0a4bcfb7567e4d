package io.lxbus.instance.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RawLxcTest {

    @Test
    void acceptsLxcKeysCommentsAndBlankLines() {
        assertThat(RawLxc.problem("# allow fuse\nlxc.cgroup2.devices.allow = c 10:229 rwm\n\n"
                + "lxc.mount.auto=proc:rw sys:rw\nlxc.apparmor.profile = unconfined")).isEmpty();
    }

    @Test
    void refusesLinesWithoutEquals() {
        assertThat(RawLxc.problem("lxc.apparmor.profile unconfined"))
                .hasValue("Invalid raw.lxc line 1 \"lxc.apparmor.profile unconfined\": expected"
                        + " \"lxc.<key> = <value>\"");
    }

    @Test
    void refusesNonLxcKeys() {
        assertThat(RawLxc.problem("lxc.mount.auto = proc\nfoo = bar"))
                .hasValueSatisfying(why -> assertThat(why).contains("line 2").contains("\"foo\" is not an lxc.* key"));
    }

    @Test
    void refusesKeysLxbusManages() {
        for (String line : new String[] {"lxc.idmap = u 0 100000 65536", "lxc.rootfs.path = dir:/x",
                "lxc.net.0.type = veth", "lxc.uts.name = other", "lxc.log.file = /tmp/x"}) {
            assertThat(RawLxc.problem(line)).hasValueSatisfying(why -> assertThat(why)
                    .contains("is managed by lxbus and cannot be set in raw.lxc"));
        }
    }
}
