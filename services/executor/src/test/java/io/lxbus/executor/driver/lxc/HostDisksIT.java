package io.lxbus.executor.driver.lxc;

import io.lxbus.events.Instance;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.PowerState;
import io.lxbus.executor.domain.ContainerPaths;
import io.lxbus.executor.domain.HostFeatures;
import io.lxbus.executor.domain.IdmapJson;
import io.lxbus.executor.driver.DriverException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Host disks and id map changes on real unprivileged busybox containers through the LXC driver. Needs root. */
class HostDisksIT {
    private Path dir;
    private ContainerPaths paths;
    private HostFeatures features;
    private LxcDriver driver;
    private String uuid;
    private Path volume;
    private Path shared;
    private long[] subuid;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        dir = Files.createTempDirectory("lxbus-disks-it-");
        paths = new ContainerPaths(dir.resolve("containers"), dir.resolve("logs/containers"));
        Files.createDirectories(paths.lxcPath());
        features = HostProbe.probe();
        driver = new LxcDriver(paths, features);
        uuid = UUID.randomUUID().toString();
        volume = dir.resolve("volume");
        BusyboxRootfs.create(volume);
        shared = Files.createDirectory(dir.resolve("shared"));
        Files.writeString(shared.resolve("hello"), "from the host\n");
        Files.writeString(dir.resolve("one-file"), "a single file\n");
        subuid = TestInstances.rootSubuid();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (driver != null) {
            driver.destroy(uuid);
        }
        if (dir != null) {
            assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(dir.toString());
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void hostDisksAreMountedAtStartAndAddedAndRemovedLive() throws Exception {
        assumeTrue(features.idmappedMounts(), "needs idmapped mounts");
        Map<String, Map<String, String>> devices = new HashMap<>();
        devices.put("shifted", disk(shared, "/mnt/shifted", "shift", "true"));
        devices.put("plain", disk(shared, "/mnt/plain"));
        devices.put("ro", disk(shared, "/mnt/ro", "readonly", "true", "shift", "true"));
        devices.put("file", disk(dir.resolve("one-file"), "/etc/one-file", "shift", "true"));
        devices.put("optional", disk(dir.resolve("absent"), "/mnt/absent", "required", "false"));
        Instance instance = instance(unprivileged(), devices, 1);
        driver.start(instance);
        long pid = driver.observe(uuid).pid();

        assertThat(inside(pid, "stat", "-c", "%u:%g", "/mnt/shifted/hello")).isEqualTo("0:0");
        assertThat(inside(pid, "stat", "-c", "%u:%g", "/mnt/plain/hello")).isEqualTo("65534:65534");
        assertThat(inside(pid, "cat", "/etc/one-file")).isEqualTo("a single file");
        assertThat(inside(pid, "stat", "-c", "%F", "/etc/one-file")).isEqualTo("regular file");
        assertThat(inside(pid, "sh", "-c", "touch /mnt/ro/x 2>&1; true")).contains("Read-only file system");
        assertThat(inside(pid, "sh", "-c", "echo hi > /mnt/shifted/written && echo ok")).isEqualTo("ok");
        assertThat(owner(shared.resolve("written"))).as("container root writes as host root through shift")
                .isEqualTo("0:0");
        assertThat(mountPoints(pid)).doesNotContain("/mnt/absent");

        devices.remove("plain");
        devices.put("live", disk(shared, "/srv/live", "shift", "true"));
        driver.applyDevices(instance(unprivileged(), devices, 2));
        assertThat(mountPoints(pid)).contains("/srv/live", "/mnt/shifted").doesNotContain("/mnt/plain");
        assertThat(inside(pid, "stat", "-c", "%u:%g", "/srv/live/hello")).isEqualTo("0:0");
        driver.applyDevices(instance(unprivileged(), devices, 2));
        assertThat(mountPoints(pid).stream().filter("/srv/live"::equals)).as("applied twice, mounted once").hasSize(1);

        Map<String, Map<String, String>> missing = new HashMap<>(devices);
        missing.put("gone", disk(dir.resolve("gone"), "/gone"));
        assertThatThrownBy(() -> driver.applyDevices(instance(unprivileged(), missing, 3)))
                .isInstanceOf(DriverException.class).hasMessageContaining("Missing source path");

        devices.clear();
        driver.applyDevices(instance(unprivileged(), devices, 4));
        assertThat(mountPoints(pid)).doesNotContain("/srv/live", "/mnt/shifted", "/mnt/ro", "/etc/one-file");
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(shared.toString());
        driver.stop(uuid, true, -1);
    }

    @Test
    void aChownedRootIsReshiftedWhenTheMapChangesAndUnshiftedForAPrivilegedStart() throws Exception {
        LxcDriver chowning = new LxcDriver(paths, new HostFeatures(features.cgroups(), false, features.apparmor(),
                features.cpus(), features.memoryBytes()));
        Path busybox = volume.resolve("rootfs/bin/busybox");
        String first = TestInstances.idmapJson(subuid[0], 65536);
        String second = TestInstances.idmapJson(subuid[0] + 65536, 65536);

        Instance a = instance(Map.of("volatile.idmap.next", first), Map.of(), 1);
        chowning.start(a);
        assertThat(owner(busybox)).isEqualTo(subuid[0] + ":" + subuid[0]);
        assertThat(IdmapJson.lxcLines(chowning.diskIdmap(a))).containsExactly("u 0 " + subuid[0] + " 65536",
                "g 0 " + subuid[0] + " 65536");
        chowning.stop(uuid, true, -1);

        Instance b = instance(Map.of("volatile.idmap.next", second, "volatile.last_state.idmap", first), Map.of(), 2);
        chowning.start(b);
        long pid = chowning.observe(uuid).pid();
        assertThat(Files.readString(Path.of("/proc/" + pid + "/uid_map")).trim().split("\\s+"))
                .containsExactly("0", Long.toString(subuid[0] + 65536), "65536");
        assertThat(owner(busybox)).isEqualTo((subuid[0] + 65536) + ":" + (subuid[0] + 65536));
        assertThat(inside(pid, "stat", "-c", "%u:%g", "/bin/busybox")).isEqualTo("0:0");
        assertThat(IdmapJson.lxcLines(chowning.diskIdmap(b))).contains("u 0 " + (subuid[0] + 65536) + " 65536");
        chowning.stop(uuid, true, -1);

        Instance privileged = instance(Map.of("volatile.idmap.next", "[]", "volatile.last_state.idmap", second),
                Map.of(), 3);
        chowning.start(privileged);
        assertThat(owner(busybox)).isEqualTo("0:0");
        assertThat(chowning.diskIdmap(privileged)).isEmpty();
        chowning.stop(uuid, true, -1);
    }

    @Test
    void anIdmappedStartUnshiftsARootThatWasChowned() throws Exception {
        assumeTrue(features.idmappedMounts(), "needs idmapped mounts");
        LxcDriver chowning = new LxcDriver(paths, new HostFeatures(features.cgroups(), false, features.apparmor(),
                features.cpus(), features.memoryBytes()));
        Instance a = instance(unprivileged(), Map.of(), 1);
        chowning.start(a);
        chowning.stop(uuid, true, -1);
        assertThat(owner(volume.resolve("rootfs/bin/busybox"))).isEqualTo(subuid[0] + ":" + subuid[0]);

        driver.start(a);
        long pid = driver.observe(uuid).pid();
        assertThat(owner(volume.resolve("rootfs/bin/busybox"))).as("files back as the image had them").isEqualTo("0:0");
        assertThat(inside(pid, "stat", "-c", "%u:%g", "/bin/busybox")).isEqualTo("0:0");
        assertThat(driver.diskIdmap(a)).isEmpty();
        driver.stop(uuid, true, -1);
    }

    private Map<String, String> unprivileged() {
        return Map.of("volatile.idmap.next", TestInstances.idmapJson(subuid[0], 65536));
    }

    private Instance instance(Map<String, String> config, Map<String, Map<String, String>> devices, long revision) {
        Instance base = TestInstances.busybox("c1", uuid, "h", volume, config.get("volatile.idmap.next"), config,
                InstanceStatus.RUNNING, PowerState.RUNNING, null, revision);
        return new Instance(base.project(), base.name(), base.uuid(), base.type(), base.description(),
                base.architecture(), base.ephemeral(), base.profiles(), base.config(), Map.copyOf(devices),
                base.expandedConfig(), Map.copyOf(devices), base.source(), base.host(), base.pool(), base.rootPath(),
                base.status(), base.power(), base.pending(), base.revision(), base.createdAt(), base.lastUsedAt(),
                base.updatedAt());
    }

    private static Map<String, String> disk(Path source, String path, String... options) {
        Map<String, String> device = new HashMap<>(Map.of("type", "disk", "source", source.toString(), "path", path));
        for (int i = 0; i + 1 < options.length; i += 2) {
            device.put(options[i], options[i + 1]);
        }
        return device;
    }

    /** Runs a command in the container's user and mount namespaces (ids as the container sees them). */
    static String inside(long pid, String... command) throws IOException, InterruptedException {
        List<String> args = new java.util.ArrayList<>(List.of("nsenter", "-t", Long.toString(pid), "-U", "-m", "--"));
        args.addAll(List.of(command));
        Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        process.waitFor();
        return out;
    }

    private static List<String> mountPoints(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/mountinfo")).stream().map(l -> l.split(" ")[4]).toList();
    }

    private static String owner(Path path) throws IOException {
        return Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS) + ":"
                + Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    }
}
