package io.lxbus.executor.driver.lxc;

import io.lxbus.events.Instance;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.PowerState;
import io.lxbus.executor.domain.ContainerPaths;
import io.lxbus.executor.domain.HostFeatures;
import io.lxbus.executor.domain.Observed;
import io.lxbus.executor.domain.RuntimeStatus;
import io.lxbus.executor.driver.Usage;
import io.lxbus.executor.driver.lxc.jna.LxcContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** An unprivileged busybox container through the LXC driver, against the real liblxc. Needs root. */
class LxcDriverIT {
    private Path dir;
    private LxcDriver driver;
    private String uuid;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        dir = Files.createTempDirectory("lxbus-executor-it-");
        ContainerPaths paths = new ContainerPaths(dir.resolve("containers"), dir.resolve("logs/containers"));
        Files.createDirectories(paths.lxcPath());
        HostFeatures features = HostProbe.probe();
        driver = new LxcDriver(paths, features);
        uuid = UUID.randomUUID().toString();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (driver != null) {
            driver.destroy(uuid);
        }
        if (dir != null) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void runsAnUnprivilegedBusyboxThroughItsLife() throws Exception {
        long[] subuid = TestInstances.rootSubuid();
        Path volume = dir.resolve("volume");
        BusyboxRootfs.create(volume);
        Instance instance = TestInstances.busybox("c1", uuid, "h", volume,
                TestInstances.idmapJson(subuid[0], subuid[1]), Map.of(), InstanceStatus.STOPPED, PowerState.RUNNING,
                null, 1);

        long started = System.nanoTime();
        driver.start(instance);
        long startMillis = (System.nanoTime() - started) / 1_000_000;
        Observed running = driver.observe(uuid);
        assertThat(running.status()).isEqualTo(RuntimeStatus.RUNNING);
        assertThat(running.pid()).isPositive();
        System.out.printf("start took %d ms, init pid %d%n", startMillis, running.pid());

        String uidMap = Files.readString(Path.of("/proc/" + running.pid() + "/uid_map")).trim();
        assertThat(uidMap.split("\\s+")).containsExactly("0", Long.toString(subuid[0]), Long.toString(subuid[1]));
        waitForChildren(running.pid());
        for (long pid : containerPids(running.pid())) {
            long uid = hostUid(pid);
            assertThat(uid).as("host uid of pid %d", pid).isBetween(subuid[0], subuid[0] + subuid[1] - 1);
        }

        driver.start(instance);
        assertThat(driver.observe(uuid).pid()).as("a second start is a no-op").isEqualTo(running.pid());

        driver.freeze(uuid);
        assertThat(driver.observe(uuid).status()).isEqualTo(RuntimeStatus.FROZEN);
        driver.unfreeze(uuid);
        assertThat(driver.observe(uuid).status()).isEqualTo(RuntimeStatus.RUNNING);

        Instance limited = TestInstances.busybox("c1", uuid, "h", volume,
                TestInstances.idmapJson(subuid[0], subuid[1]), Map.of("limits.memory", "64MiB"),
                InstanceStatus.RUNNING, PowerState.RUNNING, null, 2);
        driver.applyLimits(limited);
        HostFeatures features = HostProbe.probe();
        try (LxcContainer c = LxcContainer.open(uuid, dir.resolve("containers").toString())) {
            assertThat(c.cgroupItem(features.cgroups().memoryLimit())).contains("67108864");
            assertThat(c.configItem("lxc.signal.halt")).contains("12"); // SIGUSR2
        }
        Optional<Usage> usage = driver.usage(uuid);
        assertThat(usage).isPresent();
        assertThat(usage.get().processes()).isGreaterThanOrEqualTo(2);
        assertThat(usage.get().memoryUsage()).isPositive();

        long stopping = System.nanoTime();
        driver.stop(uuid, false, 20);
        System.out.printf("clean shutdown took %d ms%n", (System.nanoTime() - stopping) / 1_000_000);
        assertThat(driver.observe(uuid).status()).isEqualTo(RuntimeStatus.STOPPED);
        assertThat(Path.of("/proc/" + running.pid())).doesNotExist();

        driver.start(instance);
        long second = driver.observe(uuid).pid();
        assertThat(second).isPositive();
        driver.stop(uuid, true, -1);
        assertThat(driver.observe(uuid).status()).isEqualTo(RuntimeStatus.STOPPED);
        assertThat(Path.of("/proc/" + second)).doesNotExist();

        driver.destroy(uuid);
        assertThat(dir.resolve("containers").resolve(uuid)).doesNotExist();
        assertThat(driver.list()).doesNotContain(uuid);
        assertThat(volume.resolve("rootfs/bin/busybox")).as("the root volume belongs to storage").exists();
        assertThatThrownBy(() -> driver.freeze(uuid)).hasMessageContaining("not running");
    }

    private static void waitForChildren(long pid) throws InterruptedException {
        for (int i = 0; i < 50 && containerPids(pid).size() < 2; i++) {
            Thread.sleep(20);
        }
    }

    /** The init pid and its children. */
    static java.util.List<Long> containerPids(long init) {
        java.util.List<Long> pids = new java.util.ArrayList<>();
        pids.add(init);
        try {
            String children = Files.readString(Path.of("/proc/" + init + "/task/" + init + "/children")).trim();
            for (String child : children.split("\\s+")) {
                if (!child.isEmpty()) {
                    pids.add(Long.parseLong(child));
                }
            }
        } catch (java.io.IOException e) {
            // init went away; the assertions on it will say so
        }
        return pids;
    }

    private static long hostUid(long pid) throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Uid:")) {
                return Long.parseLong(line.split("\\s+")[1]);
            }
        }
        throw new IllegalStateException("no Uid line for " + pid);
    }
}
