package io.lxbus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Real unprivileged liblxc containers launched with the stock lxc client through Kafka. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainersIT {
    private static Stack stack;
    private static LifecycleMonitor monitor;

    @BeforeAll
    static void up() throws Exception {
        stack = Stack.up();
        monitor = new LifecycleMonitor(stack);
    }

    /** No instance, no LXC container, no root volume folder: what a test that cleaned up leaves. */
    private static void assertNothingLeft() {
        assertThat(stack.lxc("list", "--format=csv", "-c", "n").assertOk().out().trim()).isEmpty();
        assertThat(stack.containerFolders()).isEmpty();
        assertThat(stack.volumeFolders()).isEmpty();
    }

    @AfterAll
    static void down() throws Exception {
        Stack.closeAll(monitor, stack);
    }

    @Test
    @Order(1)
    void launch_runs_a_real_unprivileged_container() throws Exception {
        stack.lxc("launch", "busybox", "c1").assertOk();
        assertThat(stack.lxc("list", "--format=csv", "-c", "ns").assertOk().out().trim()).isEqualTo("c1,RUNNING");

        String info = stack.lxc("info", "c1").assertOk().out();
        assertThat(info).contains("Status: RUNNING").contains("PID:").contains("Processes:");
        long pid = Long.parseLong(info.lines().filter(l -> l.trim().startsWith("PID:")).findFirst().orElseThrow()
                .replaceAll("\\D", ""));
        long base = rootSubuidBase();
        String uidMap = Files.readString(Path.of("/proc/" + pid + "/uid_map")).trim();
        assertThat(uidMap.split("\\s+")).startsWith("0", Long.toString(base));
        // The container's init runs as the container's root, which is the host's subuid base.
        String status = Files.readString(Path.of("/proc/" + pid + "/status"));
        String uidLine = status.lines().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
        assertThat(uidLine.split("\\s+")[1]).isEqualTo(Long.toString(base));

        String config = stack.lxc("config", "show", "c1").assertOk().out();
        assertThat(config).contains("volatile.idmap.base: \"0\"").contains("volatile.uuid:")
                .contains("volatile.last_state.power: RUNNING");
        assertThat(stack.lxc("storage", "volume", "list", "default").assertOk().out()).contains("c1");
    }

    @Test
    @Order(2)
    void stop_start_restart_pause_and_live_limits() throws Exception {
        stack.lxc("stop", "c1").assertOk();
        assertThat(state("c1")).isEqualTo("STOPPED");
        stack.lxc("start", "c1").assertOk();
        assertThat(state("c1")).isEqualTo("RUNNING");
        stack.lxc("restart", "-f", "c1").assertOk();
        assertThat(state("c1")).isEqualTo("RUNNING");
        stack.lxc("pause", "c1").assertOk();
        assertThat(state("c1")).isEqualTo("FROZEN");
        stack.lxc("start", "c1").assertOk();
        assertThat(state("c1")).isEqualTo("RUNNING");

        stack.lxc("config", "set", "c1", "limits.memory", "64MiB").assertOk();
        long pid = pidOf("c1");
        assertThat(memoryMax(pid)).isEqualTo(64L * 1024 * 1024);
        assertThat(stack.lxc("config", "show", "--expanded", "c1").assertOk().out())
                .contains("limits.memory: 64MiB").contains("root:").contains("pool: default");
    }

    @Test
    @Order(3)
    void rename_and_delete() throws Exception {
        stack.lxc("stop", "-f", "c1").assertOk();
        stack.lxc("rename", "c1", "c1b").assertOk();
        assertThat(stack.lxc("list", "--format=csv", "-c", "n").assertOk().out().trim()).isEqualTo("c1b");
        stack.lxc("start", "c1b").assertOk();
        stack.lxc("delete", "-f", "c1b").assertOk();
        // Each action once, in order, when it was true; after the rename the source is the new name.
        assertThat(monitor.actions("/1.0/instances/c1", 9)).containsExactly("instance-created", "instance-started",
                "instance-shutdown", "instance-started", "instance-restarted", "instance-paused", "instance-resumed",
                "instance-updated", "instance-stopped");
        assertThat(monitor.actions("/1.0/instances/c1b", 4)).containsExactly("instance-renamed", "instance-started",
                "instance-stopped", "instance-deleted");
        assertNothingLeft();
    }

    @Test
    @Order(4)
    void a_privileged_container_has_no_id_map() throws Exception {
        stack.lxc("launch", "busybox", "c2", "-c", "security.privileged=true").assertOk();
        long pid = pidOf("c2");
        assertThat(Files.readString(Path.of("/proc/" + pid + "/uid_map")).trim().split("\\s+"))
                .containsExactly("0", "0", "4294967295");
        stack.lxc("delete", "-f", "c2").assertOk();
        assertNothingLeft();
    }

    @Test
    @Order(5)
    void images_and_aliases() throws Exception {
        Path tarball = stack.dir.resolve("bb2.tar.gz");
        Proc.ok(List.of(stack.root.resolve("infra/images/busybox/make-image").toString(), tarball.toString()),
                Map.of(), Duration.ofSeconds(60));
        // The same busybox gives the same fingerprint, so import it under a changed file to get a new image.
        Proc.ok(List.of("sh", "-c", "cd " + stack.dir + " && mkdir -p x && tar -xzf bb2.tar.gz -C x && "
                + "echo 'extra: true' >> x/metadata.yaml && tar -czf bb2.tar.gz -C x . && rm -rf x"), Map.of(),
                Duration.ofSeconds(60));
        stack.lxc("image", "import", tarball.toString(), "--alias", "x").assertOk();
        assertThat(stack.lxc("image", "list", "--format=csv", "-c", "l").assertOk().out().lines()).contains("x");
        assertThat(aliases()).containsExactlyInAnyOrder("x", "busybox");
        stack.lxc("image", "alias", "delete", "x").assertOk();
        assertThat(aliases()).containsExactly("busybox");
        String fingerprint = stack.lxc("image", "list", "--format=csv", "-c", "fl").assertOk().out().lines()
                .filter(l -> !l.contains("busybox")).findFirst().orElseThrow().split(",")[0];
        stack.lxc("image", "delete", fingerprint).assertOk();
        assertThat(stack.lxc("image", "list", "--format=csv", "-c", "l").assertOk().out().trim()).isEqualTo("busybox");
        Files.deleteIfExists(tarball);
    }

    @Test
    @Order(6)
    void bad_input_is_refused_and_creates_nothing() {
        assertRefused(stack.lxc("launch", "no-such-image", "c3"), "not found");
        assertRefused(stack.lxc("launch", "busybox", "c3", "-c", "no.such.key=1"), "no.such.key");
        assertRefused(stack.lxc("launch", "busybox", "c3", "-c", "limits.memory=lots"), "limits.memory");
        assertRefused(stack.lxc("launch", "busybox", "-bad-name"), "");
        assertRefused(stack.lxc("launch", "busybox", "c_3"), "name");
        assertNothingLeft();
    }

    @Test
    @Order(7)
    void ten_concurrent_creates_of_one_name_make_one_instance() throws Exception {
        List<Process> creates = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            creates.add(stack.lxcInBackground("init", "busybox", "same"));
        }
        int ok = 0;
        for (Process p : creates) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            ok += p.exitValue() == 0 ? 1 : 0;
        }
        assertThat(ok).isEqualTo(1);
        assertThat(stack.lxc("list", "--format=csv", "-c", "n").assertOk().out().trim()).isEqualTo("same");
        stack.lxc("delete", "same").assertOk();
        assertNothingLeft();
    }

    @Test
    @Order(8)
    void a_killed_executor_leaves_containers_running_and_adopts_them() throws Exception {
        stack.lxc("launch", "busybox", "c4").assertOk();
        long pid = pidOf("c4");
        stack.kill9("executor");
        assertThat(ProcessHandle.of(pid)).isPresent();
        stack.lxbus("up").assertOk();
        assertThat(state("c4")).isEqualTo("RUNNING");
        assertThat(pidOf("c4")).isEqualTo(pid);
        stack.lxc("delete", "-f", "c4").assertOk();
        assertNothingLeft();
    }

    @Test
    @Order(9)
    void a_launch_survives_killed_control_plane_services() throws Exception {
        for (String service : List.of("instance", "storage", "idmap")) {
            Process launch = stack.lxcInBackground("launch", "busybox", "k-" + service);
            Thread.sleep(150);
            stack.kill9(service);
            stack.lxbus("up").assertOk();
            assertThat(launch.waitFor(120, TimeUnit.SECONDS)).isTrue();
            // Either it completed, or it failed with one clear result; either way no orphan is left after delete.
            stack.lxc("delete", "-f", "k-" + service);
        }
        assertNothingLeft();
    }

    private static List<String> aliases() {
        return stack.lxc("image", "alias", "list", "--format=csv").assertOk().out().lines()
                .map(l -> l.split(",")[0]).toList();
    }

    private static void assertRefused(Proc proc, String mention) {
        assertThat(proc.exit()).as(proc.toString()).isNotZero();
        assertThat(proc.err()).as(proc.toString()).startsWith("Error: ").containsIgnoringCase(mention);
        assertThat(stack.lxc("list", "--format=csv", "-c", "n").assertOk().out().trim()).isEmpty();
    }

    private static String state(String name) {
        return stack.lxc("list", "--format=csv", "-c", "s", name).assertOk().out().trim();
    }

    private static long pidOf(String name) throws Exception {
        JsonNode state = Stack.json(stack.http("GET", "/1.0/instances/" + name + "/state", null));
        return state.at("/metadata/pid").asLong();
    }

    /** The memory limit of the container's cgroup: cgroup v1's memory controller where the host has it, else v2. */
    private static long memoryMax(long pid) throws Exception {
        List<String> cgroups = Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"));
        for (String line : cgroups) {
            String[] parts = line.split(":", 3);
            if (parts[1].equals("memory")) {
                return Long.parseLong(Files.readString(Path.of("/sys/fs/cgroup/memory" + parts[2],
                        "memory.limit_in_bytes")).trim());
            }
        }
        String path = cgroups.stream().filter(l -> l.startsWith("0::")).findFirst().orElseThrow().substring(3);
        return Long.parseLong(Files.readString(Path.of("/sys/fs/cgroup" + path, "memory.max")).trim());
    }

    private static long rootSubuidBase() throws Exception {
        return Files.readAllLines(Path.of("/etc/subuid")).stream().filter(l -> l.startsWith("root:")).findFirst()
                .map(l -> Long.parseLong(l.split(":")[1])).orElseThrow();
    }
}
