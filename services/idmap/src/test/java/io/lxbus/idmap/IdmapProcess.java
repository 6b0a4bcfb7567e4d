package io.lxbus.idmap;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged service ({@code target/quarkus-app/quarkus-run.jar}) run as bin/lxbus runs it: a separate process. */
final class IdmapProcess implements AutoCloseable {
    private final Path dir;
    private final Map<String, String> env;
    private Process process;

    IdmapProcess(Path dir, String bootstrap, String prefix, Path subuid, Path subgid) {
        this.dir = dir;
        this.env = Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap, "LXBUS_DIR", dir.toString(),
                "LXBUS_TOPIC_PREFIX", prefix, "LXBUS_SUBUID_FILE", subuid.toString(),
                "LXBUS_SUBGID_FILE", subgid.toString());
    }

    /** Starts the service and waits until {@code /q/health/ready} answers 200. */
    void start() throws Exception {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-jar", jar.toString()));
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        process = builder.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (readyStatus() != 200) {
            if (!process.isAlive()) {
                throw new IllegalStateException("idmap service exited with " + process.exitValue() + "; see " + log());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("idmap service not ready in 90 s; see " + log());
            }
            Thread.sleep(100);
        }
    }

    /** The service's output. */
    Path log() {
        return dir.resolve("idmap.log");
    }

    /** The HTTP status of {@code GET /q/health/ready} on the unix socket, or -1 when nothing answers. */
    int readyStatus() {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket()));
            channel.write(ByteBuffer.wrap("GET /q/health/ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(64);
            while (buffer.position() < 12 && channel.read(buffer) >= 0) {
                // Read the status line's start.
            }
            String head = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
            return head.startsWith("HTTP/1.1 ") ? Integer.parseInt(head.substring(9, 12)) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** SIGTERM, and wait for a clean exit. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The socket file. */
    Path socket() {
        return dir.resolve("run").resolve("idmap.socket");
    }
}
