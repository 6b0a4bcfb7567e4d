package io.lxbus.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Id maps with real containers and the stock lxc client: isolated ranges in LXD's order, size and base, reuse after
 * delete, twenty isolated containers side by side, and idmap keys refused when they are set. Expected bases are
 * computed from root's main range in this host's /etc/subuid (its first line of at least 65536 ids).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdmapIT {
    private static final long SIZE = 65_536;
    private static Stack stack;
    private static long main;

    @BeforeAll
    static void up() throws Exception {
        main = rootMainRangeStart();
        stack = Stack.up();
    }

    @AfterAll
    static void down() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    /** Every test deletes what it made: no instance, no LXC container, no root volume folder is left. */
    @AfterEach
    void nothingLeft() {
        String left = stack.lxc("list", "--format=csv", "-c", "n").assertOk().out().trim();
        for (String name : left.split("\n")) {
            if (!name.isBlank()) {
                stack.lxc("delete", "--force", name.trim()); // a failed test must not fail the next ones too
            }
        }
        assertThat(left).isEmpty();
        assertThat(stack.containerFolders()).isEmpty();
        assertThat(stack.volumeFolders()).isEmpty();
    }

    @Test
    @Order(1)
    void isolated_containers_get_their_own_ranges_in_lxds_order_and_a_deleted_range_is_reused() throws Exception {
        stack.lxc("launch", "busybox", "i1", "-c", "security.idmap.isolated=true").assertOk();
        stack.lxc("launch", "busybox", "i2", "-c", "security.idmap.isolated=true").assertOk();
        stack.lxc("launch", "busybox", "i3", "-c", "security.idmap.isolated=true", "-c",
                "security.idmap.size=200000").assertOk();
        long first = main + SIZE;
        assertThat(hostMap("i1", "uid_map")).containsExactly(List.of(0L, first, SIZE));
        assertThat(hostMap("i1", "gid_map")).containsExactly(List.of(0L, first, SIZE));
        assertThat(hostMap("i2", "uid_map")).containsExactly(List.of(0L, first + SIZE, SIZE));
        assertThat(hostMap("i3", "uid_map")).containsExactly(List.of(0L, first + 2 * SIZE, 200_000L));
        assertThat(stack.lxc("config", "get", "i2", "volatile.idmap.base").assertOk().out().trim())
                .isEqualTo(Long.toString(first + SIZE));

        stack.lxc("delete", "--force", "i1").assertOk();
        stack.lxc("launch", "busybox", "i4", "-c", "security.idmap.isolated=true").assertOk();
        assertThat(hostMap("i4", "uid_map")).containsExactly(List.of(0L, first, SIZE));

        // A plain container keeps the shared default map with volatile.idmap.base 0, as in LXD.
        stack.lxc("init", "busybox", "plain").assertOk();
        assertThat(stack.lxc("config", "get", "plain", "volatile.idmap.base").assertOk().out().trim()).isEqualTo("0");
        for (String name : List.of("i2", "i3", "i4", "plain")) {
            stack.lxc("delete", "--force", name).assertOk();
        }
    }

    @Test
    @Order(2)
    void a_base_inside_another_isolated_range_is_refused_and_nothing_is_created() throws Exception {
        stack.lxc("launch", "busybox", "i1", "-c", "security.idmap.isolated=true").assertOk();
        List<String> containers = stack.containerFolders();
        Proc refused = stack.lxc("launch", "busybox", "bad", "-c", "security.idmap.isolated=true", "-c",
                "security.idmap.base=" + (main + SIZE + 10));
        assertThat(refused.exit()).as(refused.toString()).isNotZero();
        assertThat(refused.err()).as(refused.toString()).startsWith("Error: ")
                .contains("overlaps the isolated map of instance \"i1\" in project \"default\"");
        assertThat(stack.lxc("list", "--format=csv", "-c", "n").assertOk().out().trim()).isEqualTo("i1");
        assertThat(stack.containerFolders()).isEqualTo(containers);
        assertThat(stack.volumeFolders()).hasSize(1);

        Proc outside = stack.lxc("launch", "busybox", "bad", "-c", "security.idmap.isolated=true", "-c",
                "security.idmap.base=10");
        assertThat(outside.err()).as(outside.toString()).contains("is outside root's allocation");
        Proc tooMany = stack.lxc("launch", "busybox", "bad", "-c", "security.idmap.isolated=true", "-c",
                "security.idmap.size=4294967294");
        assertThat(tooMany.err()).as(tooMany.toString()).contains("Not enough uid/gid available")
                .contains("asked for 4294967294 ids").contains("ids free for isolated maps");
        assertThat(stack.lxc("list", "--format=csv", "-c", "n").assertOk().out().trim()).isEqualTo("i1");
        stack.lxc("delete", "--force", "i1").assertOk();
    }

    @Test
    @Order(3)
    void twenty_isolated_containers_running_at_once_share_no_host_id() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            names.add("iso" + i);
            stack.lxc("launch", "busybox", "iso" + i, "-c", "security.idmap.isolated=true").assertOk();
        }
        List<long[]> ranges = new ArrayList<>();
        for (String name : names) {
            for (List<Long> line : hostMap(name, "uid_map")) {
                ranges.add(new long[] {line.get(1), line.get(1) + line.get(2) - 1});
            }
        }
        assertThat(ranges).hasSize(20);
        for (int i = 0; i < ranges.size(); i++) {
            for (int j = i + 1; j < ranges.size(); j++) {
                long[] a = ranges.get(i);
                long[] b = ranges.get(j);
                assertThat(a[0] > b[1] || b[0] > a[1]).as("%s-%s and %s-%s", a[0], a[1], b[0], b[1]).isTrue();
            }
        }
        for (String name : names) {
            stack.lxc("delete", "--force", name).assertOk();
        }
    }

    @Test
    @Order(4)
    void bad_idmap_values_are_refused_when_set() throws Exception {
        stack.lxc("init", "busybox", "c1").assertOk();
        String before = stack.lxc("config", "show", "c1").assertOk().out();
        assertSetRefused("security.idmap.isolated", "maybe");
        assertSetRefused("security.idmap.size", "lots");
        assertSetRefused("security.idmap.size", "0");
        assertSetRefused("security.idmap.base", "-1");
        assertSetRefused("security.idmap.base", "4294967295");
        assertSetRefused("raw.idmap", "both 1000");
        assertSetRefused("raw.idmap", "uid 1000-1010 2000");
        assertSetRefused("volatile.idmap.base", "x");
        if (!subidFilesMention(1000)) {
            Proc raw = stack.lxc("config", "set", "c1", "raw.idmap", "both 1000 1000");
            assertThat(raw.exit()).as(raw.toString()).isNotZero();
            assertThat(raw.err()).contains("\"usermod --add-subuids 1000-1000 root\"")
                    .contains("\"usermod --add-subgids 1000-1000 root\"");
        }
        assertThat(stack.lxc("config", "show", "c1").assertOk().out()).isEqualTo(before);
        Proc launch = stack.lxc("launch", "busybox", "c2", "-c", "security.idmap.size=-3");
        assertThat(launch.err()).as(launch.toString()).contains("security.idmap.size");
        stack.lxc("delete", "c1").assertOk();
    }

    @Test
    @Order(5)
    void turning_isolation_on_for_a_stopped_container_gives_it_a_range_for_its_next_start() throws Exception {
        stack.lxc("init", "busybox", "c1").assertOk();
        stack.lxc("config", "set", "c1", "security.idmap.isolated", "true").assertOk();
        assertThat(stack.lxc("config", "get", "c1", "volatile.idmap.base").assertOk().out().trim())
                .isEqualTo(Long.toString(main + SIZE));
        assertThat(stack.lxc("config", "get", "c1", "volatile.idmap.next").assertOk().out())
                .contains("\"Hostid\":" + (main + SIZE) + ",\"Nsid\":0,\"Maprange\":65536");
        stack.lxc("config", "unset", "c1", "security.idmap.isolated").assertOk();
        assertThat(stack.lxc("config", "get", "c1", "volatile.idmap.base").assertOk().out().trim()).isEqualTo("0");
        stack.lxc("delete", "c1").assertOk();
    }

    /**
     * The seed notes' procedure for sharing a host user's folder: {@code raw.idmap="both 1000 1000"} is refused (with
     * the {@code usermod} lines that fix it) until root is allocated host id 1000 in /etc/subuid and /etc/subgid; once
     * the lines are there (no restart), uid 1000 inside is host uid 1000 and owns, and writes to, that user's folder.
     * The files are given back byte for byte, and the folder removed, whatever happens.
     */
    @Test
    @Order(6)
    void raw_idmap_maps_a_host_user_once_root_is_allocated_it_and_shares_their_folder() throws Exception {
        assertThat(subidFilesMention(1000)).as("this test adds root:1000:1 itself").isFalse();
        List<String> containers = stack.containerFolders();
        Proc refused = stack.lxc("launch", "busybox", "r1", "-c", "raw.idmap=both 1000 1000");
        assertThat(refused.exit()).as(refused.toString()).isNotZero();
        assertThat(refused.err()).as(refused.toString()).startsWith("Error: ")
                .contains("\"usermod --add-subuids 1000-1000 root\"")
                .contains("\"usermod --add-subgids 1000-1000 root\"");
        assertThat(stack.lxc("list", "--format=csv", "-c", "n").assertOk().out().trim()).isEmpty();
        assertThat(stack.containerFolders()).isEqualTo(containers);
        assertThat(stack.volumeFolders()).isEmpty();

        Map<Path, byte[]> subidFiles = new LinkedHashMap<>();
        Path home = Files.createTempDirectory("lxbus-idmap-e2e-home-");
        try {
            for (String file : List.of("/etc/subuid", "/etc/subgid")) {
                Path path = Path.of(file);
                byte[] before = Files.readAllBytes(path);
                subidFiles.put(path, before);
                String text = new String(before, StandardCharsets.UTF_8);
                replace(path, (text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + "root:1000:1\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            Files.setAttribute(home, "unix:uid", 1000);
            Files.setAttribute(home, "unix:gid", 1000);

            stack.lxc("launch", "busybox", "r1", "-c", "raw.idmap=both 1000 1000").assertOk();
            long size = rootMainRangeSize();
            assertThat(mapInside("r1", "uid_map")).containsExactly(
                    List.of(0L, main, 1000L), List.of(1000L, 1000L, 1L), List.of(1001L, main + 1001, size - 1001));
            // LXD 5.0.2's order: the both entry is written (once) right after the uid line it splits.
            assertThat(mapInside("r1", "gid_map")).containsExactly(
                    List.of(1000L, 1000L, 1L), List.of(0L, main, 1000L), List.of(1001L, main + 1001, size - 1001));

            stack.lxc("config", "device", "add", "r1", "home", "disk", "source=" + home, "path=/home/user").assertOk();
            assertThat(stack.lxc("exec", "r1", "--", "stat", "-c", "%u:%g", "/home/user").assertOk().out().trim())
                    .as("the host user's folder is theirs inside").isEqualTo("1000:1000");
            stack.lxc("exec", "r1", "--user", "1000", "--group", "1000", "--", "sh", "-c",
                    "echo written inside > /home/user/note").assertOk();
            Path note = home.resolve("note");
            assertThat(Files.readString(note)).isEqualTo("written inside\n");
            assertThat(Files.getAttribute(note, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(1000);
            assertThat(Files.getAttribute(note, "unix:gid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(1000);
            stack.lxc("delete", "--force", "r1").assertOk();
        } finally {
            for (Map.Entry<Path, byte[]> file : subidFiles.entrySet()) {
                replace(file.getKey(), file.getValue());
            }
            try (Stream<Path> walk = Files.walk(home)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        assertThat(home).doesNotExist();
        assertThat(subidFilesMention(1000)).isFalse();
    }

    /** Gives {@code file} new bytes in one rename (as usermod does), so no reader ever sees it half written. */
    private static void replace(Path file, byte[] bytes) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".lxbus-e2e");
        Files.write(next, bytes);
        Files.setPosixFilePermissions(next, Files.getPosixFilePermissions(file));
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void assertSetRefused(String key, String value) {
        Proc set = stack.lxc("config", "set", "c1", key + "=" + value); // "-1" as its own word is a flag
        assertThat(set.exit()).as(set.toString()).isNotZero();
        assertThat(set.err()).as(set.toString()).startsWith("Error: ").contains(key);
    }

    /** The lines of {@code /proc/<init pid>/<file>} of a running container, each as container id, host id, count. */
    private static List<List<Long>> hostMap(String name, String file) throws Exception {
        String info = stack.lxc("info", name).assertOk().out();
        long pid = Long.parseLong(info.lines().filter(l -> l.trim().startsWith("PID:")).findFirst().orElseThrow()
                .replaceAll("\\D", ""));
        return parseMap(Files.readString(Path.of("/proc/" + pid + "/" + file)));
    }

    /** The lines of {@code /proc/self/<file>} as a process inside the container reads them. */
    private static List<List<Long>> mapInside(String name, String file) {
        return parseMap(stack.lxc("exec", name, "--", "cat", "/proc/self/" + file).assertOk().out());
    }

    private static List<List<Long>> parseMap(String text) {
        return text.lines().map(String::trim).filter(l -> !l.isEmpty())
                .map(l -> List.of(l.split("\\s+")).stream().map(Long::parseLong).toList()).toList();
    }

    private static long rootMainRangeStart() throws Exception {
        return rootMainRange()[0];
    }

    private static long rootMainRangeSize() throws Exception {
        return rootMainRange()[1];
    }

    /** Root's main subuid line (its first of at least 65536 ids) as start and size. */
    private static long[] rootMainRange() throws Exception {
        return Files.readAllLines(Path.of("/etc/subuid")).stream().filter(l -> l.startsWith("root:"))
                .map(l -> l.split(":")).filter(f -> Long.parseLong(f[2].trim()) >= SIZE).findFirst()
                .map(f -> new long[] {Long.parseLong(f[1].trim()), Long.parseLong(f[2].trim())}).orElseThrow();
    }

    private static boolean subidFilesMention(long id) throws Exception {
        for (String file : List.of("/etc/subuid", "/etc/subgid")) {
            for (String line : Files.readAllLines(Path.of(file))) {
                String[] f = line.split(":");
                if (f.length == 3 && f[0].equals("root") && Long.parseLong(f[1].trim()) <= id
                        && id < Long.parseLong(f[1].trim()) + Long.parseLong(f[2].trim())) {
                    return true;
                }
            }
        }
        return false;
    }
}
