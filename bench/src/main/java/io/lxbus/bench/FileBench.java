package io.lxbus.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * File push and pull throughput over the LXD API, as {@code lxc file push}/{@code pull} send them: one connection
 * per request, {@code POST /1.0/instances/{name}/files?path=} with a chunked body and the X-LXD headers, then
 * {@code GET} reading the raw body. The data is generated and discarded on the fly, so the benchmark's own memory
 * stays small. Runs against any LXD socket.
 *
 * <p>Usage: {@code FileBench --socket PATH [--image busybox] [--size-mb 100] [--runs 3]}
 */
public final class FileBench {
    private static final String NAME = "bench-files";
    private static final int CHUNK = 128 * 1024;

    private FileBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args, Map.of("--image", "busybox", "--size-mb", "100",
                "--runs", "3"));
        LxdApi api = new LxdApi(Path.of(options.getOrDefault("--socket", "/var/lib/lxbus/unix.socket")));
        long size = Long.parseLong(options.get("--size-mb")) << 20;
        int runs = Integer.parseInt(options.get("--runs"));
        System.out.println("socket: " + api.socket());
        api.create(options.get("--image"), NAME);
        api.state(NAME, "start", false);
        try {
            List<Double> push = new ArrayList<>();
            List<Double> pull = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                push(api.socket(), size);
                push.add(megabytesPerSecond(size, System.nanoTime() - start));
                start = System.nanoTime();
                long read = pull(api.socket());
                if (read != size) {
                    throw new IllegalStateException("pulled " + read + " bytes, pushed " + size);
                }
                pull.add(megabytesPerSecond(size, System.nanoTime() - start));
            }
            System.out.printf("%-34s %s%n", "file push " + (size >> 20) + " MB (MB/s)", summary(push));
            System.out.printf("%-34s %s%n", "file pull " + (size >> 20) + " MB (MB/s)", summary(pull));
        } finally {
            api.state(NAME, "stop", true);
            api.delete(NAME);
        }
    }

    private static void push(Path socket, long size) throws IOException {
        try (SocketChannel channel = connect(socket)) {
            OutputStream out = Channels.newOutputStream(channel);
            out.write(("POST /1.0/instances/" + NAME + "/files?path=%2Froot%2Fbench.bin HTTP/1.1\r\nHost: unix.socket\r\n"
                    + "Connection: close\r\nTransfer-Encoding: chunked\r\nX-LXD-type: file\r\nX-LXD-uid: 0\r\n"
                    + "X-LXD-gid: 0\r\nX-LXD-mode: 0644\r\nX-LXD-write: overwrite\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] block = new byte[CHUNK];
            new Random(7).nextBytes(block);
            for (long sent = 0; sent < size; ) {
                int n = (int) Math.min(block.length, size - sent);
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(block, 0, n);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                sent += n;
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
            if (!reply.startsWith("HTTP/1.1 200")) {
                throw new IllegalStateException("push failed: " + reply);
            }
        }
    }

    /** Reads the pulled file to the end (chunked or not), counting body bytes. */
    private static long pull(Path socket) throws IOException {
        try (SocketChannel channel = connect(socket)) {
            OutputStream out = Channels.newOutputStream(channel);
            out.write(("GET /1.0/instances/" + NAME + "/files?path=root%2Fbench.bin HTTP/1.1\r\nHost: unix.socket\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = new java.io.BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
            String head = head(in);
            if (!head.startsWith("HTTP/1.1 200")) {
                throw new IllegalStateException("pull failed: " + head);
            }
            boolean chunked = head.toLowerCase().contains("transfer-encoding: chunked");
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            if (!chunked) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    total += n;
                }
                return total;
            }
            while (true) {
                long length = Long.parseLong(line(in).split(";")[0].trim(), 16);
                if (length == 0) {
                    return total;
                }
                for (long left = length; left > 0; ) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        throw new IOException("the body ended early");
                    }
                    left -= n;
                    total += n;
                }
                line(in);
            }
        }
    }

    private static SocketChannel connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        return channel;
    }

    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        for (String line; !(line = line(in)).isEmpty(); ) {
            head.append(line).append('\n');
        }
        return head.toString();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static double megabytesPerSecond(long bytes, long nanos) {
        return (bytes / 1048576.0) / (nanos / 1e9);
    }

    private static String summary(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return String.format("median %.1f  min %.1f  max %.1f  (%d runs)", sorted.get(sorted.size() / 2), sorted.get(0),
                sorted.get(sorted.size() - 1), sorted.size());
    }
}
