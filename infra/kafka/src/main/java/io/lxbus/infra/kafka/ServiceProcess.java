package io.lxbus.infra.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged service ({@code target/quarkus-app/quarkus-run.jar} by default) run as bin/lxbus runs it: a separate
 * process with {@code LXBUS_DIR}, its HTTP socket at {@code ${LXBUS_DIR}/run/<name>.socket}, its output in
 * {@code ${LXBUS_DIR}/<name>.log}.
 */
public final class ServiceProcess implements AutoCloseable {
    /** Where {@code quarkus:build} puts the runnable jar, relative to the module under test. */
    public static final Path PACKAGED_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final String name;
    private final Path dir;
    private final Map<String, String> env = new HashMap<>();
    private Path jar = PACKAGED_JAR;
    private String socketName;
    private Process process;

    /** The service {@code name} on the broker at {@code bootstrap}, its topics under {@code prefix}, its files in {@code dir}. */
    public ServiceProcess(String name, Path dir, String bootstrap, String prefix) {
        this.name = name;
        this.dir = dir;
        this.socketName = name + ".socket";
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("LXBUS_DIR", dir.toString());
        env.put("LXBUS_TOPIC_PREFIX", prefix);
    }

    /** Adds an environment variable (before {@link #start()}). */
    public ServiceProcess env(String key, String value) {
        env.put(key, value);
        return this;
    }

    /** Uses another socket file name under {@code run/} than {@code <name>.socket}. */
    public ServiceProcess socketName(String fileName) {
        this.socketName = fileName;
        return this;
    }

    /** Runs another jar than {@link #PACKAGED_JAR}. */
    public ServiceProcess jar(Path jar) {
        this.jar = jar;
        return this;
    }

    /** Starts the service and waits until {@code /q/health/ready} answers 200. */
    public void start() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-jar", jar.toAbsolutePath().toString()));
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        process = builder.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (readyStatus() != 200) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " service exited with " + process.exitValue() + "; see " + log());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(name + " service not ready in 90 s; see " + log());
            }
            Thread.sleep(100);
        }
    }

    /** The service's output. */
    public Path log() {
        return dir.resolve(name + ".log");
    }

    /** The socket file. */
    public Path socket() {
        return dir.resolve("run").resolve(socketName);
    }

    /** The HTTP status of {@code GET /q/health/ready} on the unix socket, or -1 when nothing answers. */
    public int readyStatus() {
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

    /** One HTTP/1.1 request on the unix socket; the body (if any) is streamed from a file. */
    public Response request(String method, String path, Map<String, String> headers, Path body) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket()));
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + name + "\r\n"
                    + "Connection: close\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Content-Length: ").append(body == null ? 0 : Files.size(body)).append("\r\n\r\n");
            write(channel, ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.US_ASCII)));
            if (body != null) {
                try (InputStream in = Files.newInputStream(body)) {
                    byte[] buffer = new byte[1 << 16];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        write(channel, ByteBuffer.wrap(buffer, 0, n));
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Channels.newInputStream(channel).transferTo(out);
            String text = out.toString(StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            int split = text.indexOf("\r\n\r\n");
            String payload = split < 0 ? "" : text.substring(split + 4);
            if (text.toLowerCase().contains("transfer-encoding: chunked")) {
                payload = dechunk(payload);
            }
            return new Response(status, payload);
        }
    }

    /** SIGTERM, and wait for a clean exit; returns the exit status. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return process.exitValue();
    }

    /** kill -9. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
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

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int eol = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, eol).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
        return out.toString();
    }

    private static void write(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** An HTTP answer: status and (de-chunked) body. */
    public record Response(int status, String body) {
    }
}
