package io.lxbus.gateway.it;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.LinkedBlockingQueue;

/** A minimal RFC 6455 client over a unix socket, as lxc opens {@code /1.0/events}: collects text frames. */
public final class UnixWebSocket implements AutoCloseable {
    private final SocketChannel channel;
    private final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final Thread reader;

    public UnixWebSocket(Path socket, String path) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        String key = Base64.getEncoder().encodeToString("lxbus-test-key!!".getBytes(StandardCharsets.US_ASCII));
        String request = "GET " + path + " HTTP/1.1\r\nHost: unix.socket\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        OutputStream out = Channels.newOutputStream(channel);
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        DataInputStream in = new DataInputStream(Channels.newInputStream(channel));
        String status = readLine(in);
        if (!status.contains(" 101 ")) {
            throw new IOException("No upgrade: " + status);
        }
        while (!readLine(in).isEmpty()) {
            // skip headers
        }
        reader = new Thread(() -> read(in), "test-websocket");
        reader.setDaemon(true);
        reader.start();
    }

    /** Text frames received so far, in order. */
    public LinkedBlockingQueue<String> texts() {
        return texts;
    }

    private void read(DataInputStream in) {
        try {
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long length = b1 & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                int opcode = b0 & 0x0f;
                if (opcode == 1) {
                    texts.add(new String(payload, StandardCharsets.UTF_8));
                } else if (opcode == 8) {
                    return;
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
