package io.lxbus.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lxc file}, {@code lxc console} and instance logs with the stock client on a real unprivileged busybox
 * container: 100 MB round trip, recursive pushes and pulls, owners seen from inside the container, deletes, symlinks
 * that point out of the container, the console log and lxc.log, and the facts on the lifecycle log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FilesIT {
    private static Stack stack;
    private static LifecycleMonitor monitor;
    private static Path work;

    @BeforeAll
    static void up() throws Exception {
        stack = Stack.up();
        monitor = new LifecycleMonitor(stack);
        work = Files.createTempDirectory("lxbus-files-");
        stack.lxc("launch", "busybox", "f1").assertOk();
    }

    @AfterAll
    static void down() throws Exception {
        try {
            if (stack != null) {
                stack.lxc("delete", "-f", "f1");
                assertThat(stack.lxc("list", "--format=csv", "-c", "n").assertOk().out().trim()).isEmpty();
                assertThat(stack.containerFolders()).isEmpty();
                assertThat(stack.volumeFolders()).isEmpty();
            }
        } finally {
            if (work != null) {
                try (Stream<Path> walk = Files.walk(work)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Stack.closeAll(monitor, stack);
        }
    }

    @Test
    @Order(1)
    void a_100_mb_file_goes_in_and_comes_back_the_same() throws Exception {
        Path big = work.resolve("big.bin");
        Random random = new Random(42);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(big)) {
            for (int i = 0; i < 100; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        stack.lxc("file", "push", big.toString(), "f1/root/big.bin").assertOk();
        Path back = work.resolve("back.bin");
        stack.lxc("file", "pull", "f1/root/big.bin", back.toString()).assertOk();
        assertThat(sha256(back)).isEqualTo(sha256(big));
        assertThat(Files.size(rootfs().resolve("root/big.bin"))).isEqualTo(100L << 20);
        stack.lxc("file", "delete", "f1/root/big.bin").assertOk();
        assertThat(rootfs().resolve("root/big.bin")).doesNotExist();
        Files.delete(big);
        Files.delete(back);
    }

    @Test
    @Order(2)
    void recursive_pushes_make_parents_and_recursive_pulls_bring_the_tree_back() throws Exception {
        Path tree = Files.createDirectories(work.resolve("tree/a/b"));
        Files.writeString(tree.resolve("f.txt"), "leaf\n");
        Files.createSymbolicLink(tree.resolve("link"), Path.of("f.txt"));
        stack.lxc("file", "push", "-r", "-p", work.resolve("tree").toString(), "f1/opt/deep/er/").assertOk();
        assertThat(inside("cat", "/opt/deep/er/tree/a/b/f.txt")).isEqualTo("leaf");
        assertThat(Files.readSymbolicLink(rootfs().resolve("opt/deep/er/tree/a/b/link"))).isEqualTo(Path.of("f.txt"));

        Path pulled = Files.createDirectories(work.resolve("pulled"));
        stack.lxc("file", "pull", "-r", "f1/opt/deep/er/tree", pulled.toString()).assertOk();
        assertThat(Files.readString(pulled.resolve("tree/a/b/f.txt"))).isEqualTo("leaf\n");
        assertThat(Files.isSymbolicLink(pulled.resolve("tree/a/b/link"))).isTrue();

        stack.lxc("file", "pull", "f1/opt/missing", pulled.toString());
        assertThat(stack.lxc("file", "pull", "f1/opt/missing", pulled.toString()).err()).contains("Not Found");
    }

    @Test
    @Order(3)
    void owners_and_modes_are_the_containers_view_of_ids() throws Exception {
        Path file = work.resolve("owned.txt");
        Files.writeString(file, "mine\n");
        stack.lxc("file", "push", "--uid", "1000", "--gid", "1001", "--mode", "0640", file.toString(),
                "f1/home/owned.txt").assertOk();
        assertThat(inside("stat", "-c", "%u %g %a", "/home/owned.txt")).isEqualTo("1000 1001 640");
        stack.lxc("file", "push", file.toString(), "f1/root/by-default.txt").assertOk();
        // Pushed as the client's own ids (root here): the container's root, not the host's.
        assertThat(inside("stat", "-c", "%u %g", "/root/by-default.txt")).isEqualTo("0 0");
        stack.lxc("file", "push", "-p", "--mode", "0700", file.toString(), "f1/srv/made/x.txt").assertOk();
        assertThat(inside("stat", "-c", "%u %g", "/srv/made")).isEqualTo("0 0");

        stack.lxc("file", "delete", "f1/home/owned.txt").assertOk();
        assertThat(inside("ls", "/home")).isEmpty();
        assertThat(stack.lxc("file", "delete", "f1/home/owned.txt").exit()).isNotZero();
    }

    @Test
    @Order(4)
    void symlinks_that_point_out_of_the_container_stay_inside_it() throws Exception {
        Path root = rootfs();
        // As the container would: links to / and far up with .., owned by the container's root on its disk.
        Files.createSymbolicLink(root.resolve("tmp/outside"), Path.of("/"));
        Files.createSymbolicLink(root.resolve("tmp/up"), Path.of("../../../../../../../../../.."));
        Path shadow = work.resolve("shadow");
        Files.writeString(shadow, "container-shadow\n");
        stack.lxc("file", "push", "--mode", "0600", shadow.toString(), "f1/etc/shadow").assertOk();
        Path f = work.resolve("f");
        Files.writeString(f, "escape\n");

        for (String via : List.of("tmp/outside", "tmp/up")) {
            stack.lxc("file", "push", f.toString(), "f1/" + via + "/escape-" + via.substring(4)).assertOk();
            assertThat(Path.of("/escape-" + via.substring(4))).doesNotExist();
            assertThat(root.resolve("escape-" + via.substring(4))).hasContent("escape");

            Path pulled = work.resolve("pulled-shadow-" + via.substring(4));
            Proc pull = stack.lxc("file", "pull", "f1/" + via + "/etc/shadow", pulled.toString());
            if (pull.exit() == 0) {
                assertThat(pulled).hasContent("container-shadow");
            }
        }
        Proc dots = stack.lxc("file", "pull", "f1/../../../../../etc/hostname", work.resolve("hn").toString());
        assertThat(dots.exit()).isZero();
        assertThat(work.resolve("hn")).hasContent("busybox");
        stack.lxc("file", "push", f.toString(), "f1/../../../../escape-dots").assertOk();
        assertThat(Path.of("/escape-dots")).doesNotExist();
        assertThat(root.resolve("escape-dots")).exists();
    }

    @Test
    @Order(5)
    void the_console_log_and_lxc_log_can_be_read() {
        String log = stack.lxc("console", "--show-log", "f1").assertOk().out();
        assertThat(log).contains("Console log:").contains("BusyBox");
        assertThat(stack.lxc("info", "--show-log", "f1").assertOk().out()).contains("Log:");
        assertThat(Stack.json(stack.http("GET", "/1.0/instances/f1/logs", null)).path("metadata").toString())
                .contains("/1.0/instances/f1/logs/lxc.log").contains("/1.0/instances/f1/logs/console.log");
        assertThat(stack.http("GET", "/1.0/instances/f1/logs/../config", null).status()).isNotEqualTo(200);
        stack.http("DELETE", "/1.0/instances/f1/console", null);
        assertThat(stack.lxc("console", "--show-log", "f1").assertOk().out()).doesNotContain("BusyBox");
    }

    @Test
    @Order(7)
    void files_work_on_a_stopped_container_and_every_fact_is_on_the_lifecycle_log() throws Exception {
        stack.lxc("stop", "-f", "f1").assertOk();
        Path f = work.resolve("stopped.txt");
        Files.writeString(f, "while stopped\n");
        stack.lxc("file", "push", f.toString(), "f1/root/stopped.txt").assertOk();
        Path back = work.resolve("stopped-back.txt");
        stack.lxc("file", "pull", "f1/root/stopped.txt", back.toString()).assertOk();
        assertThat(back).hasContent("while stopped");
        stack.lxc("start", "f1").assertOk();
        assertThat(inside("cat", "/root/stopped.txt")).isEqualTo("while stopped");

        await(() -> actions().containsAll(List.of("instance-file-pushed", "instance-file-retrieved",
                "instance-file-deleted", "instance-console-retrieved", "instance-console-reset",
                "instance-log-retrieved"))
                && monitor.lines().stream().anyMatch(l -> l.contains("instance-file-pushed")
                && l.contains("/root/stopped.txt")));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** The container's root folder on the host (its root volume's rootfs). */
    private static Path rootfs() {
        String uuid = stack.lxc("config", "get", "f1", "volatile.uuid").assertOk().out().trim();
        return stack.dir.resolve("storage-pools/default/containers/" + uuid + "/rootfs");
    }

    /** Runs a command in the running container's user and mount namespaces (its view of ids and files). */
    private static String inside(String... command) throws Exception {
        long pid = Stack.json(stack.http("GET", "/1.0/instances/f1/state", null)).at("/metadata/pid").asLong();
        assertThat(pid).isPositive();
        List<String> full = new ArrayList<>(List.of("nsenter", "-t", Long.toString(pid), "-U", "-m", "--"));
        full.addAll(List.of(command));
        return Proc.ok(full, Map.of(), Duration.ofSeconds(30)).out().trim();
    }

    /** Waits for something that becomes true on its own (no assertion on how long it takes; gives up after 2 min). */
    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Never became true");
            }
            Thread.sleep(100);
        }
    }

    private static List<String> actions() {
        List<String> actions = new ArrayList<>();
        for (String line : monitor.lines()) {
            if (line.contains("\"lifecycle\"") && line.contains("/1.0/instances/f1")) {
                int at = line.indexOf("\"action\":\"");
                if (at >= 0) {
                    actions.add(line.substring(at + 10, line.indexOf('"', at + 10)));
                }
            }
        }
        return actions;
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

}
