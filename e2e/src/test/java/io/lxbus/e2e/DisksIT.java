package io.lxbus.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Host folders shared with unprivileged containers ({@code disk} devices with a host source) and id map changes
 * applied at the next start, with the stock lxc client. Ids are read through the container's user namespace
 * ({@code nsenter -U -m}), so they are what the container sees.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DisksIT {
    private static Stack stack;
    private static Path host;

    @BeforeAll
    static void up() throws Exception {
        stack = Stack.up();
        host = Files.createTempDirectory("lxbus-disks-e2e-");
        Files.setPosixFilePermissions(host, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(host.resolve("hello"), "from the host\n");
        Files.writeString(host.resolve("one.conf"), "key = value\n");
    }

    @AfterAll
    static void down() throws Exception {
        if (stack != null) {
            stack.close();
        }
        if (host != null) {
            try (Stream<Path> walk = Files.walk(host)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            assertThat(host).doesNotExist();
        }
    }

    /** No instance, container folder or root volume, and the shared folder is mounted nowhere on the host. */
    @AfterEach
    void nothingLeft() throws IOException {
        assertThat(stack.lxc("list", "--format=csv", "-c", "n").assertOk().out().trim()).isEmpty();
        assertThat(stack.containerFolders()).isEmpty();
        assertThat(stack.volumeFolders()).isEmpty();
        for (String mounts : List.of("/proc/self/mountinfo", "/proc/1/mountinfo")) {
            assertThat(Files.readString(Path.of(mounts))).as(mounts).doesNotContain(host.toString());
        }
        assertThat(children(host)).containsExactlyInAnyOrder("hello", "one.conf");
    }

    @Test
    @Order(1)
    void shared_folders_are_added_and_removed_live_and_mounted_again_at_start() throws Exception {
        stack.lxc("launch", "busybox", "c1").assertOk();
        long pid = pidOf("c1");
        stack.lxc("config", "device", "add", "c1", "shifted", "disk", "source=" + host, "path=/mnt/shifted",
                "shift=true").assertOk();
        stack.lxc("config", "device", "add", "c1", "plain", "disk", "source=" + host, "path=/mnt/plain").assertOk();
        stack.lxc("config", "device", "add", "c1", "ro", "disk", "source=" + host, "path=/mnt/ro", "readonly=true",
                "shift=true").assertOk();
        stack.lxc("config", "device", "add", "c1", "conf", "disk", "source=" + host.resolve("one.conf"),
                "path=/etc/one.conf", "shift=true").assertOk();

        assertThat(inside(pid, "stat", "-c", "%u:%g", "/mnt/shifted/hello")).as("shift: host root is its root")
                .isEqualTo("0:0");
        assertThat(inside(pid, "stat", "-c", "%u:%g", "/mnt/plain/hello")).as("no shift: nobody:nogroup")
                .isEqualTo("65534:65534");
        assertThat(inside(pid, "cat", "/etc/one.conf")).isEqualTo("key = value");
        assertThat(inside(pid, "stat", "-c", "%F", "/etc/one.conf")).isEqualTo("regular file");
        assertThat(inside(pid, "sh", "-c", "touch /mnt/ro/x 2>&1; true")).contains("Read-only file system");
        assertThat(inside(pid, "sh", "-c", "touch /mnt/shifted/made-inside && stat -c %u:%g /mnt/shifted/made-inside"))
                .isEqualTo("0:0");
        assertThat(owner(host.resolve("made-inside"))).as("the container's root writes as host root").isEqualTo("0:0");
        Files.delete(host.resolve("made-inside"));

        stack.lxc("config", "device", "remove", "c1", "plain").assertOk();
        assertThat(mountPoints(pid)).doesNotContain("/mnt/plain").contains("/mnt/shifted", "/mnt/ro", "/etc/one.conf");

        stack.lxc("stop", "-f", "c1").assertOk();
        stack.lxc("start", "c1").assertOk();
        long again = pidOf("c1");
        assertThat(again).isNotEqualTo(pid);
        assertThat(mountPoints(again)).contains("/mnt/shifted", "/mnt/ro", "/etc/one.conf").doesNotContain("/mnt/plain");
        assertThat(inside(again, "stat", "-c", "%u:%g", "/mnt/shifted/hello")).isEqualTo("0:0");
        assertThat(inside(again, "sh", "-c", "touch /mnt/ro/x 2>&1; true")).contains("Read-only file system");

        stack.lxc("config", "device", "remove", "c1", "shifted").assertOk();
        stack.lxc("config", "device", "remove", "c1", "ro").assertOk();
        stack.lxc("config", "device", "remove", "c1", "conf").assertOk();
        assertThat(mountPoints(again)).doesNotContain("/mnt/shifted", "/mnt/ro", "/etc/one.conf");
        stack.lxc("delete", "-f", "c1").assertOk();
    }

    @Test
    @Order(2)
    void a_profile_disk_is_mounted_at_start() throws Exception {
        stack.lxc("profile", "create", "shared").assertOk();
        stack.lxc("profile", "device", "add", "shared", "data", "disk", "source=" + host, "path=/data", "shift=true")
                .assertOk();
        stack.lxc("launch", "busybox", "c2", "-p", "default", "-p", "shared").assertOk();
        long pid = pidOf("c2");
        assertThat(inside(pid, "stat", "-c", "%u:%g", "/data/hello")).isEqualTo("0:0");
        stack.lxc("delete", "-f", "c2").assertOk();
        stack.lxc("profile", "delete", "shared").assertOk();
    }

    @Test
    @Order(3)
    void bad_disks_are_refused_and_change_nothing() throws Exception {
        stack.lxc("launch", "busybox", "c3").assertOk();
        long pid = pidOf("c3");
        String devices = stack.lxc("config", "device", "show", "c3").assertOk().out();
        List<String> mounts = mountPoints(pid);

        assertRefused(stack.lxc("config", "device", "add", "c3", "d", "disk", "source=relative/dir", "path=/mnt/d"),
                "must be absolute");
        assertRefused(stack.lxc("config", "device", "add", "c3", "d", "disk", "source=" + host.resolve("missing"),
                "path=/mnt/d"), "Missing source path");
        assertRefused(stack.lxc("config", "device", "add", "c3", "d", "disk", "source=" + host, "path=/mnt/d",
                "shift=perhaps"), "shift");
        assertRefused(stack.lxc("config", "device", "add", "c3", "d", "disk", "source=" + host, "path=mnt/d"),
                "must be absolute");
        assertRefused(stack.lxc("profile", "device", "add", "default", "d", "disk", "source=" + host.resolve("missing"),
                "path=/mnt/d"), "Missing source path");

        assertThat(stack.lxc("config", "device", "show", "c3").assertOk().out()).isEqualTo(devices);
        assertThat(stack.lxc("profile", "show", "default").assertOk().out()).doesNotContain("/mnt/d");
        assertThat(mountPoints(pid)).isEqualTo(mounts);
        stack.lxc("delete", "-f", "c3").assertOk();
    }

    @Test
    @Order(4)
    void a_changed_map_is_applied_at_the_next_start_and_recorded() throws Exception {
        stack.lxc("launch", "busybox", "c4").assertOk();
        String map = config("c4", "volatile.idmap.next");
        assertThat(map).isNotEqualTo("[]");
        assertThat(config("c4", "volatile.idmap.current")).isEqualTo(map);
        Path busybox = rootfs("c4").resolve("bin/busybox");
        // What is on disk: unshifted under an idmapped mount, shifted into the map by the chown fallback.
        assertThat(config("c4", "volatile.last_state.idmap")).isEqualTo(owner(busybox).equals("0:0") ? "[]" : map);

        stack.lxc("stop", "-f", "c4").assertOk();
        stack.lxc("config", "set", "c4", "security.privileged", "true").assertOk();
        awaitConfig("c4", "volatile.idmap.next", "[]");
        assertThat(config("c4", "volatile.idmap.current")).as("still what the last run used").isEqualTo(map);
        stack.lxc("start", "c4").assertOk();
        long pid = pidOf("c4");
        assertThat(Files.readString(Path.of("/proc/" + pid + "/uid_map")).trim().split("\\s+"))
                .containsExactly("0", "0", "4294967295");
        assertThat(config("c4", "volatile.idmap.current")).isEqualTo("[]");
        assertThat(config("c4", "volatile.last_state.idmap")).isEqualTo("[]");
        assertThat(owner(busybox)).as("a privileged container's files are unshifted").isEqualTo("0:0");

        stack.lxc("stop", "-f", "c4").assertOk();
        stack.lxc("config", "unset", "c4", "security.privileged").assertOk();
        awaitConfig("c4", "volatile.idmap.next", map);
        stack.lxc("start", "c4").assertOk();
        long unprivileged = pidOf("c4");
        assertThat(Files.readString(Path.of("/proc/" + unprivileged + "/uid_map")).trim().split("\\s+")[0])
                .isEqualTo("0");
        assertThat(Files.readString(Path.of("/proc/" + unprivileged + "/uid_map")).trim().split("\\s+")[1])
                .isNotEqualTo("0");
        assertThat(inside(unprivileged, "stat", "-c", "%u:%g", "/bin/busybox")).isEqualTo("0:0");
        assertThat(config("c4", "volatile.idmap.current")).isEqualTo(map);
        assertThat(config("c4", "volatile.last_state.idmap")).isEqualTo(owner(busybox).equals("0:0") ? "[]" : map);
        stack.lxc("delete", "-f", "c4").assertOk();
    }

    private static void assertRefused(Proc proc, String mention) {
        assertThat(proc.exit()).as(proc.toString()).isNotZero();
        assertThat(proc.err()).as(proc.toString()).startsWith("Error: ").contains(mention);
    }

    private static String config(String name, String key) {
        return stack.lxc("config", "get", name, key).assertOk().out().trim();
    }

    /** Waits (up to a minute) until the instance service has written {@code key}; the map follows a config change. */
    private static void awaitConfig(String name, String key, String value) throws InterruptedException {
        for (int i = 0; i < 300 && !config(name, key).equals(value); i++) {
            Thread.sleep(200);
        }
        assertThat(config(name, key)).isEqualTo(value);
    }

    private static long pidOf(String name) {
        return Long.parseLong(stack.lxc("list", "--format=csv", "-c", "p", name).assertOk().out().trim());
    }

    private static Path rootfs(String name) {
        String uuid = config(name, "volatile.uuid");
        return stack.dir.resolve("storage-pools/default/containers").resolve(uuid).resolve("rootfs");
    }

    /** A command run in the container's user and mount namespaces: paths and ids as the container sees them. */
    private static String inside(long pid, String... command) {
        List<String> args = new ArrayList<>(List.of("nsenter", "-t", Long.toString(pid), "-U", "-m", "--"));
        args.addAll(List.of(command));
        Proc proc = Proc.run(args, Map.of(), null, Duration.ofSeconds(30));
        return (proc.out() + proc.err()).strip();
    }

    /** The container's mount points as it sees them. */
    private static List<String> mountPoints(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/mountinfo")).stream().map(l -> l.split(" ")[4]).toList();
    }

    private static String owner(Path path) throws IOException {
        return Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS) + ":"
                + Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    }

    private static List<String> children(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }
}
