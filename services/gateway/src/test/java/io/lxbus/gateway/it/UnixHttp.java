package io.lxbus.gateway.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A tiny HTTP/1.1 client over a unix socket that behaves like lxc: one request per connection, Connection: close. */
public final class UnixHttp {
    private final Path socket;

    public UnixHttp(Path socket) {
        this.socket = socket;
    }

    /** A response: status, lower-cased headers, body text. */
    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    public Response get(String path) throws IOException {
        return send("GET", path, Map.of(), null, false);
    }

    public Response send(String method, String path, String body) throws IOException {
        return send(method, path, Map.of(), body == null ? null : body.getBytes(StandardCharsets.UTF_8), false);
    }

    /** Sends a request; {@code chunked} sends the body with Transfer-Encoding: chunked like lxc's uploads. */
    public Response send(String method, String path, Map<String, String> headers, byte[] body, boolean chunked)
            throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
            head.append("Host: unix.socket\r\nUser-Agent: LXD 5.0.2\r\nConnection: close\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (body != null) {
                if (headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Type"))) {
                    head.append("Content-Type: application/json\r\n");
                }
                head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n");
            }
            head.append("\r\n");
            write(channel, head.toString().getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                if (chunked) {
                    int chunk = 64 * 1024;
                    for (int at = 0; at < body.length; at += chunk) {
                        int n = Math.min(chunk, body.length - at);
                        write(channel, (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        write(channel, java.util.Arrays.copyOfRange(body, at, at + n));
                        write(channel, "\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    write(channel, "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } else {
                    write(channel, body);
                }
            }
            return parse(readAll(channel));
        }
    }

    private static void write(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static byte[] readAll(SocketChannel channel) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                out.write(buffer.array(), 0, buffer.limit());
                buffer.clear();
            }
        } catch (IOException e) {
            if (out.size() == 0) {
                throw e;
            }
        }
        return out.toByteArray();
    }

    private static Response parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, body);
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, eol).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(body, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }
}
