package io.lxbus.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP server on a unix socket that answers GETs from memory with answers recorded from a real server, at once.
 * Timing a client against it gives the client's own floor: what is left when the server costs nothing. Keep-alive
 * is honoured (the Go client reuses its connection), and so is {@code Connection: close}; any other path gets LXD's 404
 * envelope.
 */
final class ReplayServer implements AutoCloseable {
    private static final byte[] NOT_FOUND = "{\"type\":\"error\",\"error\":\"not found\",\"error_code\":404}"
            .getBytes(StandardCharsets.UTF_8);

    private final Path socket;
    private final Map<String, byte[]> answers;
    private final ServerSocketChannel server;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "replay-connection");
        thread.setDaemon(true);
        return thread;
    });

    /** Serves {@code answers} (request target → JSON body) on a new socket in {@code folder}. */
    ReplayServer(Path folder, Map<String, byte[]> answers) throws IOException {
        this.socket = folder.resolve("replay.socket");
        this.answers = Map.copyOf(answers);
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread acceptor = new Thread(this::accept, "replay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    Path socket() {
        return socket;
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel channel = server.accept();
                connections.execute(() -> serve(channel));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SocketChannel channel) {
        try (channel) {
            ByteArrayOutputStream pending = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (channel.read(buffer) >= 0) {
                pending.write(buffer.array(), 0, buffer.position());
                buffer.clear();
                String text = pending.toString(StandardCharsets.ISO_8859_1);
                int end;
                while ((end = text.indexOf("\r\n\r\n")) >= 0) {
                    String head = text.substring(0, end);
                    answer(channel, head.substring(0, head.indexOf("\r\n")).split(" ")[1]);
                    if (head.toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close")) {
                        return;
                    }
                    text = text.substring(end + 4);
                }
                pending.reset();
                pending.write(text.getBytes(StandardCharsets.ISO_8859_1));
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }

    private void answer(SocketChannel channel, String target) throws IOException {
        byte[] body = answers.get(target);
        String status = body == null ? "404 Not Found" : "200 OK";
        body = body == null ? NOT_FOUND : body;
        byte[] head = ("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(head.length + body.length).put(head).put(body).flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
        Files.deleteIfExists(socket);
    }
}
