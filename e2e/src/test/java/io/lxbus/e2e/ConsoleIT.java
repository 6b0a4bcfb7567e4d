package io.lxbus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lxbus.bench.UnixHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lxc console} of a real busybox container with the stock client in a real terminal (tmux): the console's
 * shell ({@code ::respawn:-/bin/sh}) runs what is typed, {@code ctrl+a q} detaches, the console can be attached again,
 * and {@code --show-log} prints what the console showed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Stack stack;
    private static LifecycleMonitor monitor;
    private static Terminals terminals;

    @BeforeAll
    static void up() throws Exception {
        stack = Stack.up();
        monitor = new LifecycleMonitor(stack);
        terminals = new Terminals(stack, "lxbus-console-it");
        stack.lxcWithInput("", "launch", "busybox", "c1").assertOk();
    }

    @AfterAll
    static void down() throws Exception {
        Stack.closeAll(terminals, stack == null ? null : () -> stack.deleteAllChecked("c1"), monitor, stack);
    }

    @Test
    @Order(1)
    void typed_commands_run_on_the_console_and_ctrl_a_q_detaches() throws Exception {
        typeOnTheConsoleAndDetach("console1", "console");
        Terminals.await(() -> monitor.actions("/1.0/instances/c1").contains("instance-console"));
    }

    @Test
    @Order(2)
    void the_console_can_be_attached_again_after_a_detach() throws Exception {
        typeOnTheConsoleAndDetach("console2", "again");
    }

    /** Attaches in a terminal, runs {@code echo <word>-$((6*7))} on the console, sees its output, detaches. */
    private static void typeOnTheConsoleAndDetach(String session, String word) throws Exception {
        Path rc = stack.dir.resolve(session + ".rc");
        terminals.open(session, 100, 30, "lxc console c1; echo rc=$? > " + rc);
        terminals.awaitScreen(session, pane -> pane.contains("To detach from the console, press: <ctrl>+a q"));
        terminals.send(session, "Enter");
        terminals.send(session, "echo " + word + "-$((6*7))", "Enter");
        terminals.awaitScreen(session, pane -> pane.contains(word + "-42"));
        detach(session);
        Terminals.awaitFile(rc);
        assertThat(Files.readString(rc).trim()).isEqualTo("rc=0");
        assertThat(runningConsoles()).isEmpty();
    }

    @Test
    @Order(3)
    void show_log_prints_what_the_console_showed() {
        String log = stack.lxc("console", "c1", "--show-log").assertOk().out();
        assertThat(log).contains("Console log:").contains("console-42").contains("again-42");
    }

    @Test
    @Order(4)
    void a_stopped_or_missing_instance_has_no_console() {
        stack.lxc("stop", "-f", "c1").assertOk();
        String request = "{\"type\":\"console\",\"width\":80,\"height\":24}";
        UnixHttp.Reply stopped = stack.http("POST", "/1.0/instances/c1/console", request);
        assertThat(stopped.status()).isEqualTo(400);
        assertThat(Stack.json(stopped).path("error").asText()).isEqualTo("Instance is not running");
        assertThat(stack.http("POST", "/1.0/instances/nope/console", request).status()).isEqualTo(404);
        assertThat(stack.http("POST", "/1.0/instances/c1/console", "{\"type\":\"vga\"}").status()).isEqualTo(400);
        assertThat(runningConsoles()).isEmpty();
        // The log of a stopped container is still there.
        assertThat(stack.lxc("console", "c1", "--show-log").assertOk().out()).contains("again-42");
    }

    /** Ctrl+a then q, as a person types them: the stock client sees the escape only when the two come in two reads. */
    private static void detach(String session) throws InterruptedException {
        terminals.send(session, "C-a");
        terminals.awaitInputRead(session);
        terminals.send(session, "q");
    }

    private static List<String> runningConsoles() {
        JsonNode operations = Stack.json(stack.http("GET", "/1.0/operations?recursion=1", null));
        List<String> running = new ArrayList<>();
        operations.path("metadata").path("running").forEach(op -> {
            if (op.path("description").asText().equals("Showing console")) {
                running.add(op.path("id").asText());
            }
        });
        return running;
    }
}
