package io.lxbus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lxc exec} with the stock client against a real busybox container: exit codes, stdin, environment, cwd,
 * users, an interactive shell in a real terminal (tmux), Ctrl-C, recorded output, the {@code instance-exec} event,
 * a killed attach server, a killed executor, and the executor's internal API refusing anyone but the gateway.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExecIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Stack stack;
    private static LifecycleMonitor monitor;
    private static Terminals terminals;

    @BeforeAll
    static void up() throws Exception {
        stack = Stack.up();
        monitor = new LifecycleMonitor(stack);
        terminals = new Terminals(stack, "lxbus-exec-it");
        stack.lxc("launch", "busybox", "c1").assertOk();
    }

    @AfterEach
    void nothingLeftRunning() {
        assertThat(attachProcesses()).as("exec helpers left behind").isEmpty();
        assertThat(containerProcesses("sleep")).as("commands left behind in the container").isEmpty();
    }

    @AfterAll
    static void down() throws Exception {
        Stack.closeAll(terminals, stack == null ? null : () -> stack.deleteAllChecked("c1"), monitor, stack);
    }

    @Test
    @Order(1)
    void the_exit_code_is_the_commands() {
        Proc proc = stack.lxc("exec", "c1", "--", "sh", "-c", "exit 3");
        assertThat(proc.exit()).as(proc.toString()).isEqualTo(3);
        assertThat(stack.lxc("exec", "c1", "--", "true").exit()).isZero();
    }

    @Test
    @Order(2)
    void stdin_reaches_the_command_and_output_comes_back() {
        Proc proc = stack.lxcWithInput("hi\n", "exec", "c1", "--", "cat");
        assertThat(proc.assertOk().out()).isEqualTo("hi\n");
        Proc split = stack.lxc("exec", "c1", "--", "sh", "-c", "echo out; echo err >&2");
        assertThat(split.assertOk().out()).isEqualTo("out\n");
        assertThat(split.err()).isEqualTo("err\n");
    }

    @Test
    @Order(3)
    void environment_and_working_directory() {
        Proc proc = stack.lxc("exec", "c1", "--env", "A=1", "--cwd", "/tmp", "--", "sh", "-c", "echo $A; pwd");
        assertThat(proc.assertOk().out()).isEqualTo("1\n/tmp\n");
        String env = stack.lxc("exec", "c1", "--", "env").assertOk().out();
        assertThat(env.lines().toList()).contains("HOME=/root", "USER=root", "LANG=C.UTF-8",
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    }

    @Test
    @Order(4)
    void a_user_and_group_inside_the_container() {
        assertThat(stack.lxc("exec", "c1", "--user", "1000", "--group", "1000", "--", "id", "-u").assertOk().out())
                .isEqualTo("1000\n");
        assertThat(stack.lxc("exec", "c1", "--user", "1000", "--group", "1000", "--", "id", "-g").assertOk().out())
                .isEqualTo("1000\n");
    }

    @Test
    @Order(5)
    void a_missing_command_is_lxds_127() {
        Proc proc = stack.lxc("exec", "c1", "--", "no-such-command");
        assertThat(proc.exit()).as(proc.toString()).isEqualTo(127);
        assertThat(proc.err()).contains("Error: Command not found");
    }

    @Test
    @Order(6)
    void an_interactive_shell_runs_commands_resizes_and_ends_on_ctrl_d() throws Exception {
        Path rc = stack.dir.resolve("shell.rc");
        terminals.open("shell", 100, 30, "lxc exec c1 -- sh; echo rc=$? > " + rc);
        terminals.send("shell", "echo $((6*7))", "Enter");
        terminals.awaitScreen("shell", pane -> pane.contains("42"));
        terminals.send("shell", "stty size", "Enter");
        terminals.awaitScreen("shell", pane -> pane.contains("30 100"));
        terminals.resize("shell", 120, 40);
        terminals.send("shell", "clear; stty size", "Enter");
        terminals.awaitScreen("shell", pane -> pane.contains("40 120"));
        terminals.send("shell", "C-d");
        Terminals.awaitFile(rc);
        assertThat(Files.readString(rc).trim()).isEqualTo("rc=0");
    }

    @Test
    @Order(7)
    void ctrl_c_ends_a_command() throws Exception {
        Path rc = stack.dir.resolve("sleep.rc");
        terminals.open("sleeper", 100, 30, "lxc exec c1 -- sleep 60; echo rc=$? > " + rc);
        Terminals.await(() -> !containerProcesses("sleep 60").isEmpty());
        terminals.send("sleeper", "C-c");
        Terminals.awaitFile(rc);
        assertThat(Files.readString(rc).trim()).isEqualTo("rc=130");
    }

    @Test
    @Order(8)
    void recorded_output_without_websockets() throws Exception {
        JsonNode created = Stack.json(stack.http("POST", "/1.0/instances/c1/exec",
                "{\"command\":[\"sh\",\"-c\",\"echo recorded; echo oops >&2; exit 7\"],\"wait-for-websocket\":false,"
                        + "\"record-output\":true,\"interactive\":false,\"environment\":{}}"));
        assertThat(created.at("/metadata/class").asText()).isEqualTo("task");
        String id = created.at("/metadata/id").asText();
        JsonNode done = Stack.json(stack.http("GET", "/1.0/operations/" + id + "/wait?timeout=60", null));
        assertThat(done.at("/metadata/status").asText()).isEqualTo("Success");
        assertThat(done.at("/metadata/metadata/return").asInt()).isEqualTo(7);
        String stdout = done.at("/metadata/metadata/output/1").asText();
        String stderr = done.at("/metadata/metadata/output/2").asText();
        assertThat(stdout).isEqualTo("/1.0/instances/c1/logs/exec-output/exec_" + id + ".stdout");
        assertThat(stack.http("GET", stdout, null).text()).isEqualTo("recorded\n");
        assertThat(stack.http("GET", stderr, null).text()).isEqualTo("oops\n");
        JsonNode list = Stack.json(stack.http("GET", "/1.0/instances/c1/logs/exec-output", null));
        assertThat(list.at("/metadata").toString()).contains(stdout).contains(stderr);
        assertThat(stack.http("DELETE", stdout, null).status()).isEqualTo(200);
        assertThat(stack.http("GET", stdout, null).status()).isEqualTo(404);
        assertThat(stack.http("GET", "/1.0/instances/c1/logs/exec-output/..%2F..%2Fconfig", null).status())
                .isEqualTo(404);
    }

    @Test
    @Order(9)
    void exec_on_a_stopped_instance_is_refused() {
        stack.lxc("init", "busybox", "stopped1").assertOk();
        Proc proc = stack.lxc("exec", "stopped1", "--", "true");
        assertThat(proc.exit()).isNotZero();
        assertThat(proc.err()).contains("Instance is not running");
        stack.lxc("delete", "stopped1").assertOk();
    }

    @Test
    @Order(10)
    void every_exec_is_an_instance_exec_event_on_the_monitor_and_in_kafka() throws Exception {
        stack.lxc("exec", "c1", "--", "echo", "event-marker").assertOk();
        Terminals.await(() -> monitorExecCommands().contains("[\"echo\",\"event-marker\"]"));
        List<JsonNode> events = stack.topic("lxbus.events.lifecycle");
        assertThat(events).anySatisfy(event -> {
            assertThat(event.at("/data/action").asText()).isEqualTo("instance-exec");
            assertThat(event.at("/data/source").asText()).isEqualTo("/1.0/instances/c1");
            assertThat(event.at("/data/context/command").toString()).isEqualTo("[\"echo\",\"event-marker\"]");
        });
    }

    @Test
    @Order(11)
    void a_killed_attach_server_is_started_again_by_the_next_exec_and_running_commands_go_on() throws Exception {
        stack.lxc("exec", "c1", "--", "true").assertOk();
        long server = attachServer();
        Process running = stack.lxcInBackground("exec", "c1", "--", "sh", "-c", "sleep 3; exit 5");
        Terminals.await(() -> !containerProcesses("sleep 3").isEmpty());
        Proc.ok(List.of("kill", "-9", Long.toString(server)), Map.of(), Duration.ofSeconds(5));
        Terminals.await(() -> ProcessHandle.of(server).map(p -> !p.isAlive()).orElse(true));
        assertThat(running.waitFor(60, TimeUnit.SECONDS)).as("lxc exec ended").isTrue();
        assertThat(running.exitValue()).isEqualTo(5);
        assertThat(stack.lxc("exec", "c1", "--", "echo", "again").assertOk().out()).isEqualTo("again\n");
        assertThat(attachServer()).isNotEqualTo(server);
    }

    @Test
    @Order(12)
    void a_killed_executor_ends_the_exec_with_an_error_and_leaves_the_container_running() throws Exception {
        long init = Stack.json(stack.http("GET", "/1.0/instances/c1/state", null)).at("/metadata/pid").asLong();
        Process exec = stack.lxcInBackground("exec", "c1", "--", "sleep", "600");
        Terminals.await(() -> !containerProcesses("sleep 600").isEmpty());
        stack.kill9("executor");
        assertThat(exec.waitFor(60, TimeUnit.SECONDS)).as("lxc exec ended").isTrue();
        assertThat(exec.exitValue()).isNotZero();
        assertThat(new String(exec.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).startsWith("Error: ");
        Terminals.await(() -> attachProcesses().isEmpty() && containerProcesses("sleep 600").isEmpty());
        assertThat(ProcessHandle.of(init)).isPresent();
        stack.lxbus("up").assertOk();
        assertThat(stack.lxc("list", "--format=csv", "-c", "s", "c1").assertOk().out().trim()).isEqualTo("RUNNING");
        assertThat(stack.lxc("exec", "c1", "--", "echo", "back").assertOk().out()).isEqualTo("back\n");
    }

    @Test
    @Order(13)
    void the_executors_api_answers_only_the_gateway() throws Exception {
        Path run = stack.dir.resolve("run");
        Path socket = run.resolve("executor.socket");
        Path token = run.resolve("internal-api.token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run.resolve("attach.socket"))))
                .isEqualTo("rw-------");
        String uuid = stack.lxc("config", "get", "c1", "volatile.uuid").assertOk().out().trim();
        String url = "http://executor/internal/instances/" + uuid + "/state";
        assertThat(curl(socket, url, null)).isEqualTo("403");
        assertThat(curl(socket, url, "0".repeat(64))).isEqualTo("403");
        assertThat(curl(socket, url, Files.readString(token).trim())).isEqualTo("200");
        Proc nobody = Proc.run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "curl", "-s",
                "-o", "/dev/null", "-w", "%{http_code}", "--unix-socket", socket.toString(), url), Map.of(), null, WAIT);
        assertThat(nobody.out()).as(nobody.toString()).isEqualTo("000");
    }

    @Test
    @Order(14)
    void the_storage_services_api_answers_only_the_gateway() throws Exception {
        Path socket = stack.dir.resolve("run/storage.socket");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        String images = stack.lxc("image", "list", "--format=csv", "-c", "f").assertOk().out();
        String url = "http://storage/internal/images?project=default";
        assertThat(curl(socket, url, null)).isEqualTo("403");
        assertThat(curl(socket, url, "0".repeat(64))).isEqualTo("403");
        assertThat(stack.lxc("image", "list", "--format=csv", "-c", "f").assertOk().out()).isEqualTo(images);
    }

    private static String curl(Path socket, String url, String token) {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "--unix-socket", socket.toString()));
        if (token != null) {
            command.addAll(List.of("-H", "X-Lxbus-Token: " + token));
        }
        command.add(url);
        return Proc.run(command, Map.of(), null, WAIT).out();
    }

    private static List<String> monitorExecCommands() {
        return monitor.events("/1.0/instances/c1").stream()
                .filter(event -> event.at("/metadata/action").asText().equals("instance-exec"))
                .map(event -> event.at("/metadata/context/command").toString()).toList();
    }

    /** Exec processes of this stack: {@code lxbus-attach} processes other than the executor's resident server. */
    private static List<String> attachProcesses() {
        long executor = executorPid();
        return stack.leftoverProcesses().stream().filter(p -> p.contains("lxbus-attach"))
                .filter(p -> ProcessHandle.of(Long.parseLong(p.substring(0, p.indexOf(' '))))
                        .flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-1L) != executor)
                .toList();
    }

    /** The resident attach server: the executor's {@code lxbus-attach} child. */
    private static long attachServer() {
        long executor = executorPid();
        return ProcessHandle.of(executor).orElseThrow().children()
                .filter(p -> cmdline(p.pid()).contains("lxbus-attach")).map(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new AssertionError("no attach server under the executor " + executor));
    }

    private static long executorPid() {
        try {
            return Long.parseLong(Files.readString(stack.dir.resolve("run/executor.pid")).trim());
        } catch (Exception e) {
            return -1;
        }
    }

    /** Processes on the host whose command line starts with {@code prefix} and that run in c1's pid namespace. */
    private static List<Long> containerProcesses(String prefix) {
        long init = Stack.json(stack.http("GET", "/1.0/instances/c1/state", null)).at("/metadata/pid").asLong();
        String namespace = link(init);
        return ProcessHandle.allProcesses().filter(p -> p.pid() != init)
                .filter(p -> cmdline(p.pid()).startsWith(prefix))
                .filter(p -> namespace != null && namespace.equals(link(p.pid())))
                .map(ProcessHandle::pid).toList();
    }

    private static String link(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/pid")).toString();
        } catch (Exception e) {
            return null;
        }
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ').trim();
        } catch (Exception e) {
            return "";
        }
    }
}
