package io.lxbus.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /1.0/events} as a websocket over the unix socket: a minimal RFC 6455 client that
 * queues every text frame with the time it arrived.
 */
public final class EventStream implements AutoCloseable {
    /** One frame and when it was read. */
    public record Frame(long receivedNanos, String text) {
    }

    private final SocketChannel channel;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final Thread reader;

    private EventStream(SocketChannel channel, InputStream in) {
        this.channel = channel;
        this.reader = new Thread(() -> read(in), "events-reader");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Opens the events websocket (all types) and waits for the upgrade. */
    public static EventStream open(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET /1.0/events HTTP/1.1\r\nHost: unix.socket\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        InputStream in = Channels.newInputStream(channel);
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("events socket closed during the upgrade: " + head);
            }
            head.append((char) b);
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("no websocket upgrade: " + head);
        }
        return new EventStream(channel, in);
    }

    /** The next frame whose text contains {@code needle}, or null after the timeout. */
    public Frame await(String needle, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            long left = deadline - System.nanoTime();
            Frame frame = frames.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (frame == null || frame.text().contains(needle)) {
                return frame;
            }
        }
    }

    private void read(InputStream in) {
        try {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            while (true) {
                int b0 = in.read();
                int b1 = in.read();
                if (b0 < 0 || b1 < 0) {
                    return;
                }
                long length = b1 & 0x7f;
                if (length == 126) {
                    length = (in.read() << 8) | in.read();
                } else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | in.read();
                    }
                }
                byte[] payload = in.readNBytes((int) length);
                int opcode = b0 & 0x0f;
                if (opcode == 0x8) {
                    return;
                }
                if (opcode == 0x1 || opcode == 0x0) {
                    message.write(payload);
                    if ((b0 & 0x80) != 0) {
                        frames.add(new Frame(System.nanoTime(), message.toString(StandardCharsets.UTF_8)));
                        message.reset();
                    }
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
