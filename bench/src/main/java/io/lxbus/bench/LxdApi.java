package io.lxbus.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The few LXD API calls the benchmarks make, each as the lxc client makes it (async calls wait for their operation). */
final class LxdApi {
    private static final Pattern OPERATION = Pattern.compile("\"operation\":\"(/1\\.0/operations/[^\"]+)\"");
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    private final Path socket;

    LxdApi(Path socket) {
        this.socket = socket;
    }

    Path socket() {
        return socket;
    }

    /** {@code lxc init IMAGE NAME}: create from an image alias and wait. */
    void create(String alias, String name) {
        async("POST", "/1.0/instances", "{\"name\":\"" + name + "\",\"source\":{\"type\":\"image\",\"alias\":\"" + alias
                + "\"},\"type\":\"container\",\"config\":{},\"devices\":{},\"profiles\":null}");
    }

    /** {@code lxc start}, {@code lxc stop [-f]} and friends: a state change, waited for. */
    void state(String name, String action, boolean force) {
        async("PUT", "/1.0/instances/" + name + "/state",
                "{\"action\":\"" + action + "\",\"timeout\":-1,\"force\":" + force + ",\"stateful\":false}");
    }

    /** Sends a state change and returns without waiting (the caller watches events). */
    String stateNoWait(String name, String action) {
        UnixHttp.Reply reply = send("PUT", "/1.0/instances/" + name + "/state",
                "{\"action\":\"" + action + "\",\"timeout\":-1,\"force\":false,\"stateful\":false}");
        return operationOf(reply);
    }

    /** {@code lxc delete NAME} of a stopped instance. */
    void delete(String name) {
        async("DELETE", "/1.0/instances/" + name, null);
    }

    /** {@code GET /1.0/instances?recursion=2}, what {@code lxc list} asks. */
    UnixHttp.Reply list() {
        return UnixHttp.send(socket, "GET", "/1.0/instances?recursion=2", null, Map.of());
    }

    /** Waits for an operation to end and fails unless it succeeded. */
    void await(String operation) {
        UnixHttp.Reply done = UnixHttp.send(socket, "GET", operation + "/wait?timeout=120", null, Map.of());
        String text = done.text();
        if (done.status() != 200 || text.contains("\"status\":\"Failure\"") || text.contains("\"status\":\"Cancelled\"")) {
            throw new IllegalStateException(operation + " failed: " + text);
        }
    }

    private void async(String method, String path, String body) {
        await(operationOf(send(method, path, body)));
    }

    private UnixHttp.Reply send(String method, String path, String body) {
        return UnixHttp.send(socket, method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                body == null ? Map.of() : JSON);
    }

    private static String operationOf(UnixHttp.Reply reply) {
        Matcher m = OPERATION.matcher(reply.text());
        if (reply.status() != 202 || !m.find()) {
            throw new IllegalStateException("expected an operation, got " + reply.status() + ": " + reply.text());
        }
        return m.group(1);
    }
}
