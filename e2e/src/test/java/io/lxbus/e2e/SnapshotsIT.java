package io.lxbus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots, restore and copy of real busybox containers with the stock lxc client: files are read and changed from
 * the host side (the root volume's folder, or {@code /proc/<pid>/root} of a running container).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SnapshotsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Stack stack;
    private static LifecycleMonitor monitor;

    @BeforeAll
    static void up() throws Exception {
        // Expired snapshots and schedules are looked at every 5 s instead of LXD's minute (a schedule still takes at
        // most one snapshot per minute).
        stack = Stack.up(java.util.Map.of("LXBUS_INSTANCE_SNAPSHOT_EXPIRY_CHECK", "5s",
                "LXBUS_INSTANCE_SNAPSHOT_SCHEDULE_CHECK", "5s"));
        monitor = new LifecycleMonitor(stack);
    }

    @AfterAll
    static void down() throws Exception {
        Stack.closeAll(monitor, stack);
    }

    @Test
    @Order(1)
    void snapshot_change_restore_brings_files_and_config_back() throws Exception {
        stack.lxcWithInput("", "init", "busybox", "c1").assertOk();
        Files.writeString(rootfs("c1").resolve("marker"), "before");
        long started = System.nanoTime();
        stack.lxc("snapshot", "c1", "s1").assertOk();
        System.out.printf("lxc snapshot of a stopped busybox container (dir): %d ms%n",
                (System.nanoTime() - started) / 1_000_000);

        stack.lxc("config", "set", "c1", "user.x", "1").assertOk();
        Files.writeString(rootfs("c1").resolve("marker"), "after");
        Files.writeString(rootfs("c1").resolve("new-file"), "made after the snapshot");

        stack.lxc("restore", "c1", "s1").assertOk();
        assertThat(Files.readString(rootfs("c1").resolve("marker"))).isEqualTo("before");
        assertThat(rootfs("c1").resolve("new-file")).doesNotExist();
        assertThat(stack.lxc("config", "get", "c1", "user.x").assertOk().out().trim()).isEmpty();
        assertThat(state("c1")).isEqualTo("STOPPED");

        assertThat(stack.lxc("info", "c1").assertOk().out()).contains("Snapshots:").contains("s1");
        assertThat(stack.lxc("config", "show", "c1/s1").assertOk().out()).contains("volatile.uuid");
        JsonNode list = Stack.json(stack.http("GET", "/1.0/instances/c1/snapshots", null));
        assertThat(list.path("metadata").toString()).isEqualTo("[\"/1.0/instances/c1/snapshots/s1\"]");
        JsonNode full = Stack.json(stack.http("GET", "/1.0/instances/c1/snapshots?recursion=1", null));
        assertThat(full.at("/metadata/0/name").asText()).isEqualTo("s1");
        assertThat(full.at("/metadata/0/expires_at").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(stack.lxc("storage", "volume", "list", "default").assertOk().out()).contains("c1/s1");
        assertThat(snapshotFolders("c1")).hasSize(1);

        awaitActions("/1.0/instances/c1/snapshots/s1", "instance-snapshot-created");
        awaitActions("/1.0/instances/c1", "instance-created", "instance-updated", "instance-restored");
        assertThat(monitor.events("/1.0/instances/c1").stream()
                .filter(e -> e.at("/metadata/action").asText().equals("instance-restored")).findFirst().orElseThrow()
                .at("/metadata/context/snapshot").asText()).isEqualTo("c1/s1");
    }

    @Test
    @Order(2)
    void auto_names_rename_update_delete_and_bad_input() throws Exception {
        stack.lxc("snapshot", "c1").assertOk();
        stack.lxc("snapshot", "c1").assertOk();
        assertThat(snapshotNames("c1")).containsExactly("s1", "snap0", "snap1");

        stack.lxc("rename", "c1/snap0", "c1/kept").assertOk();
        stack.lxc("delete", "c1/snap1").assertOk();
        assertThat(snapshotNames("c1")).containsExactly("s1", "kept");
        assertThat(snapshotFolders("c1")).hasSize(2);
        awaitActions("/1.0/instances/c1/snapshots/kept", "instance-snapshot-renamed");
        awaitActions("/1.0/instances/c1/snapshots/snap1", "instance-snapshot-created", "instance-snapshot-deleted");

        String body = "{\"expires_at\":\"2099-01-01T00:00:00Z\"}";
        assertThat(stack.http("PATCH", "/1.0/instances/c1/snapshots/kept", body).status()).isEqualTo(202);
        awaitActions("/1.0/instances/c1/snapshots/kept", "instance-snapshot-renamed", "instance-snapshot-updated");
        assertThat(stack.lxc("config", "show", "c1/kept").assertOk().out()).contains("2099-01-01");

        // Bad input: an LXD-style error and nothing made.
        assertThat(stack.lxc("snapshot", "c1", "s1").exit()).isNotZero();
        assertThat(stack.lxc("snapshot", "c1", "s9", "--stateful").err()).contains("Stateful");
        assertThat(stack.http("POST", "/1.0/instances/c1/snapshots", "{\"name\":\"a/b\"}").status()).isEqualTo(400);
        assertThat(stack.lxc("restore", "c1", "missing").exit()).isNotZero();
        assertThat(stack.lxc("snapshot", "nope", "s1").exit()).isNotZero();
        assertThat(stack.lxc("delete", "c1/missing").exit()).isNotZero();
        assertThat(stack.lxc("rename", "c1/kept", "c1/s1").exit()).isNotZero();
        assertThat(snapshotNames("c1")).containsExactly("s1", "kept");
        assertThat(snapshotFolders("c1")).hasSize(2);

        // Two snapshots of the same name at once: one wins.
        Process a = stack.lxcInBackground("snapshot", "c1", "race");
        Process b = stack.lxcInBackground("snapshot", "c1", "race");
        assertThat(a.waitFor(60, TimeUnit.SECONDS) && b.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(List.of(a.exitValue(), b.exitValue())).containsOnlyOnce(0);
        assertThat(snapshotNames("c1")).containsExactly("s1", "kept", "race");
        stack.lxc("delete", "c1/race").assertOk();
    }

    @Test
    @Order(3)
    void expiry_from_config_no_expiry_edit_and_expired_snapshots_deleted() throws Exception {
        Proc bad = stack.lxc("config", "set", "c1", "snapshots.expiry", "1x");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("Invalid expiry expression");
        assertThat(stack.lxc("config", "get", "c1", "snapshots.expiry").assertOk().out().trim()).isEmpty();

        stack.lxc("config", "set", "c1", "snapshots.expiry", "1d 2H").assertOk();
        stack.lxc("snapshot", "c1", "daily").assertOk();
        stack.lxc("snapshot", "c1", "forever", "--no-expiry").assertOk();
        JsonNode daily = JSON.readTree(stack.lxc("query", "/1.0/instances/c1/snapshots/daily").assertOk().out());
        Instant expires = Instant.parse(daily.path("expires_at").asText());
        assertThat(Duration.between(Instant.parse(daily.path("created_at").asText()), expires))
                .isBetween(Duration.ofHours(26).minusSeconds(5), Duration.ofHours(26));
        JsonNode forever = JSON.readTree(stack.lxc("query", "/1.0/instances/c1/snapshots/forever").assertOk().out());
        assertThat(forever.path("expires_at").asText()).isEqualTo("0001-01-01T00:00:00Z");
        String shown = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm").withZone(ZoneOffset.UTC).format(expires);
        assertThat(stack.lxc("info", "c1").assertOk().out()).contains(shown + " UTC");

        // lxc config edit c1/forever (a PUT of the snapshot) gives it an expiry; it is deleted once that passes.
        String soon = Instant.now().plusSeconds(8).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        String yaml = stack.lxc("config", "show", "c1/forever").assertOk().out()
                .replaceAll("(?m)^expires_at: .*$", "expires_at: " + soon);
        stack.lxcWithInput(yaml, "config", "edit", "c1/forever").assertOk();
        assertThat(JSON.readTree(stack.lxc("query", "/1.0/instances/c1/snapshots/forever").assertOk().out())
                .path("expires_at").asText()).isEqualTo(soon);
        assertThat(snapshotFolders("c1")).hasSize(4);
        for (int i = 0; i < 300 && snapshotNames("c1").contains("forever"); i++) {
            Thread.sleep(100);
        }
        assertThat(snapshotNames("c1")).containsExactly("s1", "kept", "daily");
        awaitActions("/1.0/instances/c1/snapshots/forever", "instance-snapshot-created", "instance-snapshot-updated",
                "instance-snapshot-deleted");
        assertThat(snapshotFolders("c1")).hasSize(3);
        assertThat(stack.lxc("storage", "volume", "list", "default").assertOk().out()).doesNotContain("c1/forever");

        stack.lxc("delete", "c1/daily").assertOk();
        stack.lxc("config", "unset", "c1", "snapshots.expiry").assertOk();
    }

    @Test
    @Order(4)
    void restoring_a_running_instance_leaves_it_running() throws Exception {
        stack.lxc("start", "c1").assertOk();
        long pid = pidOf("c1");
        Path marker = Path.of("/proc/" + pid + "/root/marker");
        assertThat(Files.readString(marker)).isEqualTo("before");
        Files.writeString(marker, "changed while running");

        stack.lxc("restore", "c1", "s1").assertOk();
        assertThat(state("c1")).isEqualTo("RUNNING");
        long after = pidOf("c1");
        assertThat(after).isNotEqualTo(pid);
        assertThat(Files.readString(Path.of("/proc/" + after + "/root/marker"))).isEqualTo("before");
        // As LXD's Restore: the restart's instance-started, then instance-restored (no stop event).
        awaitActions("/1.0/instances/c1", c1Actions("instance-started", "instance-started", "instance-restored"));

        // A snapshot of the running container freezes it for the copy (dir), as LXD does, and thaws it after.
        Files.writeString(Path.of("/proc/" + after + "/root/marker"), "while running");
        List<String> folders = snapshotFolders("c1");
        stack.lxc("snapshot", "c1", "live").assertOk();
        assertThat(state("c1")).isEqualTo("RUNNING");
        List<String> live = new ArrayList<>(snapshotFolders("c1"));
        live.removeAll(folders);
        assertThat(live).hasSize(1);
        Path liveRoot = stack.dir.resolve("storage-pools/default/containers-snapshots/" + uuid("c1") + "/"
                + live.get(0) + "/rootfs");
        assertThat(Files.readString(liveRoot.resolve("marker"))).isEqualTo("while running");
        awaitActions("/1.0/instances/c1", c1Actions("instance-started", "instance-started", "instance-restored",
                "instance-paused", "instance-resumed"));
        awaitActions("/1.0/instances/c1/snapshots/live", "instance-snapshot-created");
        List<JsonNode> around = new ArrayList<>(monitor.events("/1.0/instances/c1"));
        around.addAll(monitor.events("/1.0/instances/c1/snapshots/live"));
        around.sort(java.util.Comparator.comparing(e -> Instant.parse(e.path("timestamp").asText())));
        assertThat(around.subList(around.size() - 3, around.size())).extracting(e -> e.at("/metadata/action").asText())
                .containsExactly("instance-paused", "instance-snapshot-created", "instance-resumed");
        stack.lxc("delete", "c1/live").assertOk();
    }

    @Test
    @Order(5)
    void copies_from_a_snapshot_and_from_running_and_stopped_instances() throws Exception {
        Files.writeString(Path.of("/proc/" + pidOf("c1") + "/root/marker"), "live");

        stack.lxc("copy", "c1/s1", "c2").assertOk();
        stack.lxc("start", "c2").assertOk();
        assertThat(Files.readString(Path.of("/proc/" + pidOf("c2") + "/root/marker"))).isEqualTo("before");
        assertThat(snapshotNames("c2")).isEmpty();
        assertThat(uuid("c2")).isNotEqualTo(uuid("c1"));

        // A running source is frozen for the copy (dir), as LXD does, and thawed after; its snapshots come along.
        stack.lxc("copy", "c1", "c3").assertOk();
        assertThat(state("c1")).isEqualTo("RUNNING");
        assertThat(Files.readString(rootfs("c3").resolve("marker"))).isEqualTo("live");
        awaitActions("/1.0/instances/c1", c1Actions("instance-started", "instance-started", "instance-restored",
                "instance-paused", "instance-resumed", "instance-paused", "instance-resumed"));
        List<JsonNode> around = new ArrayList<>(monitor.events("/1.0/instances/c1"));
        around.addAll(monitor.events("/1.0/instances/c3"));
        around.sort(java.util.Comparator.comparing(e -> Instant.parse(e.path("timestamp").asText())));
        assertThat(around.subList(around.size() - 3, around.size()))
                .extracting(e -> e.at("/metadata/source").asText() + " " + e.at("/metadata/action").asText())
                .containsExactly("/1.0/instances/c1 instance-paused", "/1.0/instances/c3 instance-created",
                        "/1.0/instances/c1 instance-resumed");
        assertThat(snapshotNames("c3")).containsExactly("s1", "kept");
        assertThat(snapshotFolders("c3")).hasSize(2);
        stack.lxc("restore", "c3", "s1").assertOk();
        assertThat(Files.readString(rootfs("c3").resolve("marker"))).isEqualTo("before");

        // A stopped source, without its snapshots.
        stack.lxc("stop", "-f", "c1").assertOk();
        stack.lxc("copy", "c1", "c4", "--instance-only").assertOk();
        assertThat(snapshotNames("c4")).isEmpty();
        stack.lxc("start", "c4").assertOk();
        assertThat(Files.readString(Path.of("/proc/" + pidOf("c4") + "/root/marker"))).isEqualTo("live");

        // Onto an existing name, from a missing snapshot: an error and nothing made.
        assertThat(stack.lxc("copy", "c1", "c2").exit()).isNotZero();
        assertThat(stack.lxc("copy", "c1/missing", "c5").exit()).isNotZero();
        assertThat(stack.lxc("list", "--format=csv", "-c", "n").assertOk().out().trim().split("\n"))
                .containsExactly("c1", "c2", "c3", "c4");
        awaitActions("/1.0/instances/c2", "instance-created", "instance-started");
        awaitActions("/1.0/instances/c3", "instance-created", "instance-restored");
    }

    @Test
    @Order(6)
    void deleting_instances_removes_their_snapshots() throws Exception {
        String c1 = uuid("c1");
        stack.lxc("delete", "-f", "c1", "c2", "c3", "c4").assertOk();
        assertThat(stack.lxc("list", "--format=csv", "-c", "n").assertOk().out().trim()).isEmpty();
        assertThat(stack.containerFolders()).isEmpty();
        assertThat(stack.volumeFolders()).isEmpty();
        assertThat(children(stack.dir.resolve("storage-pools/default/containers-snapshots"))).isEmpty();
        assertThat(stack.lxc("storage", "volume", "list", "default", "--format=csv").assertOk().out())
                .doesNotContain("container");
        awaitActions("/1.0/instances/c1/snapshots/s1", "instance-snapshot-created", "instance-snapshot-deleted");
        awaitActions("/1.0/instances/c1", c1Actions("instance-started", "instance-started", "instance-restored",
                "instance-paused", "instance-resumed", "instance-paused", "instance-resumed", "instance-stopped",
                "instance-deleted"));
        assertThat(c1).isNotEmpty();

        // The same facts on the Kafka lifecycle topic, with a gapless seq per snapshot.
        List<JsonNode> s1 = new ArrayList<>();
        for (JsonNode event : stack.topic("lxbus.events.lifecycle")) {
            if (event.path("source").asText().equals("/1.0/instances/c1/snapshots/s1")) {
                s1.add(event);
            }
        }
        assertThat(s1).extracting(e -> e.at("/data/action").asText())
                .containsExactly("instance-snapshot-created", "instance-snapshot-deleted");
        assertThat(s1).extracting(e -> e.path("seq").asLong()).containsExactly(1L, 2L);
    }

    @Test
    @Order(7)
    void a_schedule_takes_a_snapshot_a_minute_named_by_the_pattern() throws Exception {
        stack.lxcWithInput("", "launch", "busybox", "sched").assertOk();
        Proc bad = stack.lxc("config", "set", "sched", "snapshots.schedule", "61 * * * *");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("Invalid value for config key \"snapshots.schedule\": Error parsing schedule: "
                + "end of range (61) above maximum (59): 61");
        assertThat(stack.lxc("config", "get", "sched", "snapshots.schedule").assertOk().out().trim()).isEmpty();

        stack.lxc("config", "set", "sched", "snapshots.pattern", "auto-{{ creation_date|date:'20060102' }}-%d")
                .assertOk();
        stack.lxc("config", "set", "sched", "snapshots.expiry", "1d").assertOk();
        stack.lxc("config", "set", "sched", "snapshots.schedule", "* * * * *").assertOk();
        long asked = System.nanoTime();
        for (int i = 0; i < 700 && snapshotNames("sched").isEmpty(); i++) {
            Thread.sleep(100);
        }
        System.out.printf("snapshots.schedule '* * * * *' to the first snapshot: %d ms%n",
                (System.nanoTime() - asked) / 1_000_000);
        List<String> names = snapshotNames("sched");
        assertThat(names).isNotEmpty();
        assertThat(names.get(0)).matches("auto-\\d{8}-0");
        assertThat(stack.lxc("info", "sched").assertOk().out()).contains("Snapshots:").contains(names.get(0));
        JsonNode taken = JSON.readTree(stack.lxc("query", "/1.0/instances/sched/snapshots/" + names.get(0))
                .assertOk().out());
        assertThat(Duration.between(Instant.parse(taken.path("created_at").asText()),
                Instant.parse(taken.path("expires_at").asText()))).isEqualTo(Duration.ofDays(1));
        awaitActions("/1.0/instances/sched/snapshots/" + names.get(0), "instance-snapshot-created");
        JsonNode created = monitor.events("/1.0/instances/sched/snapshots/" + names.get(0)).get(0);
        assertThat(created.at("/metadata/action").asText()).isEqualTo("instance-snapshot-created");
        assertThat(created.at("/metadata/requestor/username").asText()).isEmpty();

        // Checks every 5 s decide for the same minute until the clock turns: never two snapshots in one minute.
        Thread.sleep(11_000);
        // A snapshot that happens to be in flight as the minute turns makes the edit wait (CONFLICT), as in LXD.
        Proc unset = stack.lxc("config", "unset", "sched", "snapshots.schedule");
        for (int i = 0; i < 20 && unset.exit() != 0; i++) {
            Thread.sleep(250);
            unset = stack.lxc("config", "unset", "sched", "snapshots.schedule");
        }
        unset.assertOk();
        JsonNode all = Stack.json(stack.http("GET", "/1.0/instances/sched/snapshots?recursion=1", null));
        List<String> minutes = new ArrayList<>();
        all.path("metadata").forEach(snap -> minutes.add(snap.path("created_at").asText().substring(0, 16)));
        assertThat(minutes).doesNotHaveDuplicates().hasSizeBetween(1, 2);
        assertThat(snapshotFolders("sched")).hasSize(minutes.size());

        stack.lxc("delete", "-f", "sched").assertOk();
        assertThat(stack.containerFolders()).isEmpty();
        assertThat(children(stack.dir.resolve("storage-pools/default/containers-snapshots"))).isEmpty();
    }

    private static Path rootfs(String name) {
        return stack.dir.resolve("storage-pools/default/containers/" + uuid(name) + "/rootfs");
    }

    private static String uuid(String name) {
        return stack.lxc("config", "get", name, "volatile.uuid").assertOk().out().trim();
    }

    private static List<String> snapshotFolders(String name) {
        return children(stack.dir.resolve("storage-pools/default/containers-snapshots/" + uuid(name)));
    }

    private static List<String> snapshotNames(String name) throws Exception {
        JsonNode list = Stack.json(stack.http("GET", "/1.0/instances/" + name + "/snapshots?recursion=1", null));
        List<String> names = new ArrayList<>();
        list.path("metadata").forEach(s -> names.add(s.path("name").asText()));
        return names;
    }

    private static List<String> children(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String state(String name) {
        return stack.lxc("list", "--format=csv", "-c", "s", name).assertOk().out().trim();
    }

    private static long pidOf(String name) throws Exception {
        return Stack.json(stack.http("GET", "/1.0/instances/" + name + "/state", null)).at("/metadata/pid").asLong();
    }

    /** Waits (up to 10 s) until the monitor has printed these actions for the source, then checks them in order. */
    private static void awaitActions(String source, String... actions) throws Exception {
        assertThat(monitor.actions(source, actions.length)).containsExactly(actions);
    }

    /** c1's actions: those of the first three tests (made, edited, restored; snapshots.expiry set and unset), then more. */
    private static String[] c1Actions(String... more) {
        List<String> all = new ArrayList<>(List.of("instance-created", "instance-updated", "instance-restored",
                "instance-updated", "instance-updated"));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
