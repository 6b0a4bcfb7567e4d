package io.lxbus.storage;

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
import java.util.List;
import java.util.Map;

/** The packaged service ({@code target/quarkus-app/quarkus-run.jar}) run as bin/lxbus runs it: a separate process. */
final class StorageProcess implements AutoCloseable {
    private final Path dir;
    private final Map<String, String> env;
    private Process process;

    StorageProcess(Path dir, String bootstrap, String prefix, String host) {
        this.dir = dir;
        this.env = Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap, "LXBUS_DIR", dir.toString(),
                "LXBUS_TOPIC_PREFIX", prefix, "LXBUS_HOST", host);
    }

    /** Starts the service and waits until {@code /q/health/ready} answers 200. */
    void start() throws Exception {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-jar", jar.toString()));
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("storage.log").toFile()));
        process = builder.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (readyStatus() != 200) {
            if (!process.isAlive()) {
                throw new IllegalStateException("storage service exited with " + process.exitValue() + "; see "
                        + dir.resolve("storage.log"));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("storage service not ready in 90 s; see " + dir.resolve("storage.log"));
            }
            Thread.sleep(100);
        }
    }

    int readyStatus() {
        try {
            return request("GET", "/q/health/ready", Map.of(), null).status();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** One HTTP/1.1 request on the unix socket; the body (if any) is streamed from a file. */
    Response request(String method, String path, Map<String, String> headers, Path body) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket()));
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: storage\r\n"
                    + "Connection: close\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Content-Length: ").append(body == null ? 0 : Files.size(body)).append("\r\n\r\n");
            write(channel, head.toString().getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                try (InputStream in = Files.newInputStream(body)) {
                    byte[] buffer = new byte[1 << 16];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        ByteBuffer wrapped = ByteBuffer.wrap(buffer, 0, n);
                        while (wrapped.hasRemaining()) {
                            channel.write(wrapped);
                        }
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

    private static void write(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** SIGTERM, and wait for a clean exit. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
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

    Path socket() {
        return dir.resolve("run").resolve("storage.socket");
    }

    /** An HTTP answer. */
    record Response(int status, String body) {
    }
}
