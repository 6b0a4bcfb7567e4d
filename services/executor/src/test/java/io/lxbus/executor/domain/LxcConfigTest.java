package io.lxbus.executor.domain;

import io.lxbus.events.Instance;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.PowerState;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LxcConfigTest {
    private static final String MAP = "[{\"Isuid\":true,\"Isgid\":false,\"Hostid\":100000,\"Nsid\":0,\"Maprange\":65536},"
            + "{\"Isuid\":false,\"Isgid\":true,\"Hostid\":100000,\"Nsid\":0,\"Maprange\":65536}]";
    private static final ContainerPaths PATHS = new ContainerPaths(Path.of("/l/containers"), Path.of("/l/logs/containers"));
    private static final HostFeatures V2 = new HostFeatures(CgroupLayout.V2, true, false, List.of(0, 1, 2, 3), 8L << 30);
    private static final HostFeatures V1 = new HostFeatures(CgroupLayout.V1, true, true, List.of(0, 1), 8L << 30);

    static Instance instance(Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(Map.of("volatile.idmap.next", MAP));
        config.putAll(extra);
        return new Instance("default", "c1", "u-1", "container", "", "x86_64", false, List.of("default"), config,
                Map.of(), config, Map.of(), null, "h", "default", "/pool/containers/u-1", InstanceStatus.STOPPED,
                PowerState.RUNNING, null, 1, Instant.EPOCH, null, Instant.EPOCH);
    }

    @Test
    void rendersAnUnprivilegedContainerWithAnIdmappedRoot() {
        String config = LxcConfig.render(instance(Map.of()), PATHS, V2, RootShift.IDMAPPED_MOUNT);
        assertThat(config).contains("lxc.uts.name = c1\n", "lxc.rootfs.path = dir:/pool/containers/u-1/rootfs\n",
                "lxc.rootfs.options = idmap=container\n", "lxc.idmap = u 0 100000 65536\n",
                "lxc.idmap = g 0 100000 65536\n", "lxc.mount.auto = proc:mixed sys:mixed cgroup:mixed\n",
                "lxc.autodev = 1\n", "lxc.log.file = /l/logs/containers/u-1/lxc.log\n",
                "lxc.console.buffer.size = auto\n", "lxc.console.size = auto\n",
                "lxc.console.logfile = /l/logs/containers/u-1/console.log\n");
        assertThat(config).doesNotContain("apparmor", "lxc.signal.halt");
    }

    @Test
    void hostDisksBecomeMountEntriesBeforeRawLxc() {
        String config = LxcConfig.render(instance(Map.of("raw.lxc", "lxc.mount.entry = /a b none bind 0 0")), PATHS,
                V2, RootShift.IDMAPPED_MOUNT, List.of("/host/dir in/container none bind,create=dir,idmap=container 0 0"));
        assertThat(config).contains("lxc.mount.entry = /host/dir in/container none bind,create=dir,idmap=container 0 0\n");
        assertThat(config.indexOf("in/container")).isLessThan(config.indexOf("# raw.lxc"));
        assertThat(LxcConfig.render(instance(Map.of()), PATHS, V2, RootShift.IDMAPPED_MOUNT))
                .doesNotContain("lxc.mount.entry");
    }

    @Test
    void onlyAChownedRootHasItsFilesShiftedOnDisk() {
        var map = LxcConfig.idmap(instance(Map.of()));
        assertThat(RootShift.CHOWNED.onDisk(map)).isEqualTo(map);
        assertThat(RootShift.IDMAPPED_MOUNT.onDisk(map)).isEmpty();
        assertThat(RootShift.NONE.onDisk(List.of())).isEmpty();
    }

    @Test
    void aPrivilegedContainerHasNoMapAndNoShift() {
        String config = LxcConfig.render(instance(Map.of("volatile.idmap.next", "[]")), PATHS, V2, RootShift.NONE);
        assertThat(config).doesNotContain("lxc.idmap", "lxc.rootfs.options");
    }

    @Test
    void chownedRootsAreNotIdmappedAgain() {
        assertThat(LxcConfig.render(instance(Map.of()), PATHS, V2, RootShift.CHOWNED))
                .contains("lxc.idmap = u 0 100000 65536").doesNotContain("idmap=container");
    }

    @Test
    void limitsGoToTheHostsCgroupLayout() {
        Map<String, String> limits = Map.of("limits.memory", "512MiB", "limits.cpu", "2");
        assertThat(LxcConfig.render(instance(limits), PATHS, V2, RootShift.NONE))
                .contains("lxc.cgroup2.memory.max = 536870912\n", "lxc.cgroup2.cpuset.cpus = 0-1\n");
        assertThat(LxcConfig.render(instance(limits), PATHS, V1, RootShift.NONE))
                .contains("lxc.cgroup.memory.limit_in_bytes = 536870912\n", "lxc.cgroup.cpuset.cpus = 0-1\n",
                        "lxc.apparmor.profile = generated\n");
    }

    @Test
    void busyboxHaltsOnSigusr2AndImagesMayDeclareTheirSignal() {
        assertThat(LxcConfig.render(instance(Map.of("image.os", "busybox")), PATHS, V2, RootShift.NONE))
                .contains("lxc.signal.halt = SIGUSR2\n");
        assertThat(LxcConfig.render(instance(Map.of("image.os", "busybox", LxcConfig.HALT_SIGNAL_KEY, "SIGTERM")),
                PATHS, V2, RootShift.NONE)).contains("lxc.signal.halt = SIGTERM\n");
    }

    @Test
    void rawLxcComesLast() {
        String config = LxcConfig.render(instance(Map.of("raw.lxc", "lxc.apparmor.profile = unconfined\n")), PATHS,
                V2, RootShift.NONE);
        assertThat(config).endsWith("lxc.apparmor.profile = unconfined\n");
    }

    @Test
    void nestingOpensProcSysAndCgroups() {
        assertThat(LxcConfig.render(instance(Map.of("security.nesting", "true")), PATHS, V1, RootShift.NONE))
                .contains("lxc.mount.auto = proc:rw sys:rw cgroup:rw:force\n", "lxc.apparmor.allow_nesting = 1\n");
    }

    @Test
    void badLimitsSayWhatIsWrong() {
        assertThatThrownBy(() -> LxcConfig.render(instance(Map.of("limits.cpu", "9")), PATHS, V2, RootShift.NONE))
                .hasMessage("Invalid limits.cpu \"9\": the host has only 4 CPUs");
    }
}
