package io.lxbus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.lxbus.bench.UnixHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Profiles through the whole loop: stock lxc → gateway → Kafka → instance service → Kafka → gateway. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProfilesIT {
    private static Stack stack;
    private static LifecycleMonitor monitor;

    @BeforeAll
    static void up() throws Exception {
        stack = Stack.up();
        monitor = new LifecycleMonitor(stack);
    }

    @AfterAll
    static void down() throws Exception {
        Stack.closeAll(monitor, stack);
    }

    @Test
    @Order(1)
    void lxc_info_prints_the_server() {
        Proc info = stack.lxc("info").assertOk();
        assertThat(info.out()).contains("api_version: \"1.0\"").contains("auth: trusted").contains("instances");
    }

    @Test
    @Order(2)
    void profile_commands_behave_as_with_lxd() {
        assertThat(stack.lxc("profile", "create", "p1").assertOk().out()).contains("Profile p1 created");
        stack.lxc("profile", "set", "p1", "limits.cpu", "2").assertOk();
        stack.lxc("profile", "device", "add", "p1", "data", "disk", "source=/srv", "path=/srv").assertOk();

        String shown = stack.lxc("profile", "show", "p1").assertOk().out();
        assertThat(shown).contains("limits.cpu: \"2\"").contains("data:").contains("source: /srv")
                .contains("path: /srv").contains("type: disk").contains("name: p1");

        stack.lxcWithInput("""
                config:
                  limits.cpu: "4"
                  user.note: edited
                description: edited by lxc profile edit
                devices:
                  data:
                    path: /srv
                    source: /srv
                    type: disk
                """, "profile", "edit", "p1").assertOk();
        shown = stack.lxc("profile", "show", "p1").assertOk().out();
        assertThat(shown).contains("limits.cpu: \"4\"").contains("user.note: edited")
                .contains("description: edited by lxc profile edit");
        assertThat(stack.lxc("profile", "get", "p1", "limits.cpu").assertOk().out().trim()).isEqualTo("4");
    }

    @Test
    @Order(3)
    void an_unknown_key_fails_with_an_lxd_message_and_changes_nothing() {
        String before = stack.lxc("profile", "show", "p1").assertOk().out();
        Proc bad = stack.lxc("profile", "set", "p1", "no.such.key", "1");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).startsWith("Error: ").contains("no.such.key");
        assertThat(stack.lxc("profile", "show", "p1").assertOk().out()).isEqualTo(before);
    }

    @Test
    @Order(4)
    void the_default_profile_cannot_be_deleted_or_renamed() {
        Proc delete = stack.lxc("profile", "delete", "default");
        assertThat(delete.exit()).isNotZero();
        assertThat(delete.err()).startsWith("Error: ").contains("default");
        Proc rename = stack.lxc("profile", "rename", "default", "other");
        assertThat(rename.exit()).isNotZero();
        assertThat(stack.lxc("profile", "list").assertOk().out()).contains("default").doesNotContain("other");
    }

    @Test
    @Order(5)
    void rename_list_and_delete() {
        assertThat(stack.lxc("profile", "rename", "p1", "p2").assertOk().out()).contains("Profile p1 renamed to p2");
        String list = stack.lxc("profile", "list").assertOk().out();
        assertThat(list).contains("| p2 ").contains("| default ").doesNotContain("| p1 ");
        Proc missing = stack.lxc("profile", "show", "p1");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("not found");
        assertThat(stack.lxc("profile", "delete", "p2").assertOk().out()).contains("Profile p2 deleted");
        assertThat(stack.lxc("profile", "list").assertOk().out()).doesNotContain("| p2 ");
    }

    @Test
    @Order(6)
    void monitor_and_kafka_see_the_same_lifecycle_events() throws Exception {
        List<String> expected = List.of("profile-created", "profile-updated", "profile-updated", "profile-updated",
                "profile-renamed", "profile-deleted");
        long deadline = System.currentTimeMillis() + 10_000;
        while (monitorActions().size() < expected.size() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        List<JsonNode> monitored = monitor.lines().stream().map(ProfilesIT::json)
                .filter(e -> e.path("type").asText().equals("lifecycle")).toList();
        // bin/lxbus up returns once the default profile exists, so the monitor never sees its creation.
        assertThat(monitored).extracting(e -> e.at("/metadata/action").asText()).containsExactlyElementsOf(expected);
        assertThat(monitored).allSatisfy(e -> assertThat(e.at("/metadata/requestor/username").asText()).isEqualTo("root"));

        // Only the profiles this test touched (up also imports the busybox image and creates the pool).
        List<JsonNode> onKafka = stack.topic("lxbus.events.lifecycle").stream()
                .filter(e -> e.at("/data/source").asText().matches("/1\\.0/profiles/p[12]")).toList();
        // Kafka orders per resource (key), not across partitions.
        assertThat(onKafka).extracting(e -> e.at("/data/action").asText()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(actionsOf(onKafka, "/1.0/profiles/p1"))
                .containsExactly("profile-created", "profile-updated", "profile-updated", "profile-updated");
        assertThat(actionsOf(onKafka, "/1.0/profiles/p2")).containsExactly("profile-renamed", "profile-deleted");
        assertThat(onKafka).allSatisfy(e -> {
            assertThat(e.get("specversion").asText()).isEqualTo("1.0");
            assertThat(e.get("id").asText()).isNotBlank();
            assertThat(e.get("type").asText()).startsWith("io.lxbus.lifecycle.profile-");
            assertThat(e.get("seq").asLong()).isPositive();
            assertThat(e.at("/data/requestor/username").asText()).isEqualTo("root");
        });
        assertThat(onKafka).extracting(e -> e.get("id").asText()).doesNotHaveDuplicates();
        // seq is gapless per resource: p1 saw created + three updates, then the rename ended its history.
        assertThat(onKafka.stream().filter(e -> e.get("source").asText().equals("/1.0/profiles/p1"))
                .map(e -> e.get("seq").asLong()).toList()).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    @Order(7)
    void operation_list_works() {
        assertThat(stack.lxc("operation", "list").assertOk().out()).contains("ID").contains("STATUS");
    }

    @Test
    @Order(8)
    void bad_input_gets_an_lxd_error_and_writes_nothing_to_kafka() {
        long commandsBefore = stack.count("lxbus.instance.commands");
        assertError(stack.http("POST", "/1.0/profiles", "{\"name\": \"x\", "), 400);
        assertError(stack.http("POST", "/1.0/profiles", "{\"name\": 42}"), 400);
        assertError(stack.http("POST", "/1.0/profiles", "{\"name\": \"x\", \"config\": {\"limits.cpu\": 2}}"), 400);
        assertError(stack.http("POST", "/1.0/profiles", "{\"name\": \"x\", \"devices\": {\"d\": \"disk\"}}"), 400);
        assertError(stack.http("POST", "/1.0/profiles", "{\"name\": \"a/b\"}"), 400);
        assertError(stack.http("POST", "/1.0/profiles", "{\"name\": \"..\"}"), 400);
        assertError(stack.http("PUT", "/1.0/profiles/default", "[1,2]"), 400);
        byte[] huge = ("{\"name\":\"big\",\"description\":\"" + "x".repeat(4 * 1024 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertError(stack.http("POST", "/1.0/profiles", huge, Map.of()), 413);
        assertError(stack.http("GET", "/1.0/profiles/nope", null), 404);
        assertThat(stack.count("lxbus.instance.commands")).isEqualTo(commandsBefore);
        assertThat(stack.lxc("profile", "list").assertOk().out()).doesNotContain("| x ").doesNotContain("| big ");
    }

    @Test
    @Order(9)
    void a_killed_instance_service_loses_no_command_and_applies_none_twice() throws Exception {
        stack.kill9("instance");
        Process create = stack.lxcInBackground("profile", "create", "p9");
        Thread.sleep(1000);
        stack.lxbus("up").assertOk();
        assertThat(create.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = new String(create.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(create.exitValue()).as(err).isZero();
        assertThat(stack.lxc("profile", "list").assertOk().out()).contains("| p9 ");
        long created = stack.topic("lxbus.events.lifecycle").stream()
                .filter(e -> e.get("source").asText().equals("/1.0/profiles/p9"))
                .filter(e -> e.at("/data/action").asText().equals("profile-created")).count();
        assertThat(created).isEqualTo(1);
    }

    @Test
    @Order(10)
    void profiles_survive_a_killed_gateway_and_instance_service() throws Exception {
        stack.lxc("profile", "create", "survivor").assertOk();
        stack.lxc("profile", "set", "survivor", "user.k", "v").assertOk();
        stack.kill9("gateway");
        stack.kill9("instance");
        stack.lxbus("up").assertOk();
        assertThat(stack.lxc("profile", "get", "survivor", "user.k").assertOk().out().trim()).isEqualTo("v");
        assertThat(stack.lxc("profile", "list").assertOk().out()).contains("| p9 ").contains("| default ");
        stack.lxc("profile", "delete", "survivor").assertOk();
        stack.lxc("profile", "delete", "p9").assertOk();
    }

    @Test
    @Order(11)
    void up_twice_is_harmless_and_status_reports_every_process() {
        stack.lxbus("up").assertOk();
        String status = stack.lxbus("status").assertOk().out();
        assertThat(status).contains("kafka").contains("instance").contains("gateway").contains("healthy");
    }

    private static List<String> actionsOf(List<JsonNode> events, String source) {
        return events.stream().filter(e -> e.get("source").asText().equals(source))
                .map(e -> e.at("/data/action").asText()).toList();
    }

    private List<String> monitorActions() {
        return monitor.lines().stream().map(ProfilesIT::json).filter(e -> e.path("type").asText().equals("lifecycle"))
                .map(e -> e.at("/metadata/action").asText()).toList();
    }

    private static JsonNode json(String line) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError("monitor printed non-JSON: " + line, e);
        }
    }

    private static void assertError(UnixHttp.Reply reply, int status) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        JsonNode body = Stack.json(reply);
        assertThat(body.get("type").asText()).isEqualTo("error");
        assertThat(body.get("error_code").asInt()).isEqualTo(status);
        assertThat(body.get("error").asText()).isNotBlank();
    }
}
