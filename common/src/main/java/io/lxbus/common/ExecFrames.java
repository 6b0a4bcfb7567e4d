package io.lxbus.common;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames of an exec tunnel between the gateway and an executor (an HTTP upgrade to {@link #PROTOCOL} on the
 * executor's internal API): one kind byte, a 4-byte big-endian length, the payload. The gateway sends {@link #START}
 * (the request, JSON) first, then {@link #STDIN} and {@link #CONTROL}; the executor answers {@link #STDOUT},
 * {@link #STDERR} and {@link #MESSAGE}. The console's stream ({@link StreamFrames}) uses the same codec with its own
 * kinds.
 */
public final class ExecFrames {
    /** The {@code Upgrade} protocol name. */
    public static final String PROTOCOL = "lxbus-exec";
    /** gateway → executor: the exec request, JSON. */
    public static final byte START = 'S';
    /** gateway → executor: stdin bytes (keystrokes with a pty). */
    public static final byte STDIN = 'I';
    /** gateway → executor: {@code {"type":"eof"|"resize"|"signal",…}}. */
    public static final byte CONTROL = 'C';
    /** executor → gateway: stdout bytes (the terminal's output with a pty). */
    public static final byte STDOUT = 'O';
    /** executor → gateway: stderr bytes. */
    public static final byte STDERR = 'E';
    /** executor → gateway: {@code {"type":"eof","fd":n}}, {@code {"type":"exit","return":n}}, {@code {"type":"error",…}}. */
    public static final byte MESSAGE = 'M';
    /** The largest payload accepted. */
    public static final int MAX_PAYLOAD = 1 << 20;

    private ExecFrames() {
    }

    /** One frame. */
    public record Frame(byte kind, byte[] payload) {
        /** The payload as UTF-8 text. */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** Encodes a frame. */
    public static byte[] encode(byte kind, byte[] payload, int offset, int length) {
        ByteBuffer out = ByteBuffer.allocate(5 + length);
        out.put(kind).putInt(length).put(payload, offset, length);
        return out.array();
    }

    /** Encodes a text frame. */
    public static byte[] encode(byte kind, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return encode(kind, bytes, 0, bytes.length);
    }

    /** Splits a byte stream into frames, whatever the chunks it arrives in. Not thread-safe. */
    public static final class Decoder {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        /** Adds bytes; returns the frames they complete. */
        public List<Frame> feed(byte[] bytes) {
            pending.writeBytes(bytes);
            byte[] all = pending.toByteArray();
            List<Frame> frames = new ArrayList<>();
            int at = 0;
            while (all.length - at >= 5) {
                int length = ByteBuffer.wrap(all, at + 1, 4).getInt();
                if (length < 0 || length > MAX_PAYLOAD) {
                    throw new IllegalArgumentException("Bad frame length " + length);
                }
                if (all.length - at - 5 < length) {
                    break;
                }
                byte[] payload = new byte[length];
                System.arraycopy(all, at + 5, payload, 0, length);
                frames.add(new Frame(all[at], payload));
                at += 5 + length;
            }
            pending.reset();
            pending.write(all, at, all.length - at);
            return frames;
        }
    }
}
