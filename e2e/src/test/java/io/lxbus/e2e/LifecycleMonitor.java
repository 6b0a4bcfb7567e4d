package io.lxbus.e2e;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** {@code lxc monitor --type=lifecycle --format=json} running beside a test, collecting what it prints. */
final class LifecycleMonitor implements AutoCloseable {
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

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
