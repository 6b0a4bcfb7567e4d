package io.lxbus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** {@code lxc monitor --type=lifecycle --format=json} running beside a test, collecting what it prints. */
final class LifecycleMonitor implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    /** Starts the stock client's monitor and gives it a moment to connect. */
    LifecycleMonitor(Stack stack) throws InterruptedException {
        process = stack.lxcInBackground("monitor", "--type=lifecycle", "--format=json");
        Thread reader = new Thread(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().filter(l -> !l.isBlank()).forEach(lines::add);
            } catch (Exception ignored) {
                // the monitor ends when the stack goes down
            }
        });
        reader.setDaemon(true);
        reader.start();
        Thread.sleep(500);
    }

    /** Every non-blank line printed so far: one JSON event each. */
    List<String> lines() {
        return lines;
    }

    /**
     * The lifecycle actions whose source is {@code source}, in timestamp order, once at least {@code count} of them
     * have arrived (or after 10 s, so that a missing one fails the caller's assertion). An operation ends on its own
     * topic, so its lifecycle event can reach the monitor a moment after the client returns.
     */
    List<String> actions(String source, int count) throws InterruptedException {
        List<String> seen = actions(source);
        for (int i = 0; i < 100 && seen.size() < count; i++) {
            Thread.sleep(100);
            seen = actions(source);
        }
        return seen;
    }

    /** The lifecycle actions whose source is {@code source} so far, in the order of their timestamps. */
    List<String> actions(String source) {
        return events(source).stream().map(event -> event.at("/metadata/action").asText()).toList();
    }

    /**
     * The lifecycle events whose source is {@code source} so far, in the order of their timestamps. The stock client
     * prints each event from its own goroutine ({@code go target.function(event)} in LXD 5.0's
     * client/lxd_events.go), so two events that arrive together may print in either order, with LXD too; their
     * timestamps say the order in which the server emitted them.
     */
    List<JsonNode> events(String source) {
        List<JsonNode> events = printed(source);
        events.sort(java.util.Comparator.comparing(e -> java.time.Instant.parse(e.path("timestamp").asText())));
        return events;
    }

    /** The lifecycle events whose source is {@code source}, in the order printed so far. */
    private List<JsonNode> printed(String source) {
        List<JsonNode> events = new ArrayList<>();
        for (String line : lines) {
            try {
                JsonNode event = JSON.readTree(line);
                if (event.path("type").asText().equals("lifecycle")
                        && event.at("/metadata/source").asText().equals(source)) {
                    events.add(event);
                }
            } catch (Exception e) {
                throw new AssertionError("monitor printed non-JSON: " + line, e);
            }
        }
        return events;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
