package io.lxbus.infra.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/** A single-node KRaft broker process started by {@code infra/kafka/bin/kafka-start}; closing stops it. */
public final class LocalBroker implements AutoCloseable {
    private static final String START_SCRIPT = "infra/kafka/bin/kafka-start";

    private final Path root;
    private final Path dir;
    private final int port;
    private final int controllerPort;

    private LocalBroker(Path root, Path dir, int port, int controllerPort) {
        this.root = root;
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Starts (or finds already running) a broker in dir listening on 127.0.0.1:port; blocks until it is ready. */
    public static LocalBroker start(Path dir, int port, int controllerPort) {
        LocalBroker broker = new LocalBroker(checkoutRoot(), dir.toAbsolutePath(), port, controllerPort);
        try {
            broker.run("kafka-start", 90);
        } catch (RuntimeException e) {
            // A broker that never became ready must not outlive the failure.
            try {
                broker.close();
            } catch (RuntimeException stop) {
                e.addSuppressed(stop);
            }
            throw e;
        }
        return broker;
    }

    /** The checkout root: {@code LXBUS_ROOT} (system property {@code lxbus.root} or env), else the nearest parent of user.dir holding the start script. */
    public static Path checkoutRoot() {
        String configured = System.getProperty("lxbus.root", System.getenv("LXBUS_ROOT"));
        if (configured != null && !configured.isBlank()) {
            Path root = Path.of(configured).toAbsolutePath();
            if (Files.isExecutable(root.resolve(START_SCRIPT))) {
                return root;
            }
            throw new IllegalStateException("LXBUS_ROOT " + root + " has no " + START_SCRIPT);
        }
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve(START_SCRIPT))) {
                return p;
            }
        }
        throw new IllegalStateException("no " + START_SCRIPT + " above " + System.getProperty("user.dir")
                + "; set LXBUS_ROOT to the lxbus checkout");
    }

    /** The client bootstrap address, {@code 127.0.0.1:port}. */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** The broker's data, config and log directory. */
    public Path dir() {
        return dir;
    }

    /** The broker's process id from its pid file, or empty when it is not running. */
    public OptionalLong pid() {
        Path pidFile = dir.resolve("broker.pid");
        try {
            return Files.exists(pidFile)
                    ? OptionalLong.of(Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim()))
                    : OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the broker with {@code kafka-stop} (SIGTERM, then SIGKILL after 30 s). */
    @Override
    public void close() {
        run("kafka-stop", 60);
    }

    private void run(String script, int timeoutSeconds) {
        Path bin = root.resolve("infra/kafka/bin").resolve(script);
        Path output = dir.resolve(script + ".out");
        try {
            Files.createDirectories(dir);
            ProcessBuilder builder = new ProcessBuilder(List.of(bin.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            Map<String, String> env = builder.environment();
            env.put("LXBUS_KAFKA_DIR", dir.toString());
            env.put("LXBUS_KAFKA_PORT", Integer.toString(port));
            env.put("LXBUS_KAFKA_CONTROLLER_PORT", Integer.toString(controllerPort));
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(script + " did not finish in " + timeoutSeconds + " s: " + read(output));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(script + " failed (exit " + process.exitValue() + "): " + read(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + bin, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + script, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
