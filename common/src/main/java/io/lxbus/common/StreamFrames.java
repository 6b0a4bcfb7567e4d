package io.lxbus.common;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames for a two-way byte stream inside one HTTP exchange (the console between gateway and executor): a type byte,
 * a 4-byte big-endian length, the payload. {@link #encode} makes one; a {@link Decoder} turns chunks as they arrive
 * into whole frames.
 */
public final class StreamFrames {
    /** Console bytes. */
    public static final byte DATA = 'd';
    /** A control message (LXD's JSON, such as {@code window-resize}). */
    public static final byte CONTROL = 'c';
    /** The far side is attached and streaming. */
    public static final byte READY = 'r';
    private static final int MAX = 1 << 20;

    private StreamFrames() {
    }

    /**
     * One frame.
     *
     * @param type    {@link #DATA}, {@link #CONTROL} or {@link #READY}
     * @param payload its bytes
     */
    public record Frame(byte type, byte[] payload) {
    }

    /** The bytes of one frame. */
    public static byte[] encode(byte type, byte[] payload) {
        return ByteBuffer.allocate(5 + payload.length).put(type).putInt(payload.length).put(payload).array();
    }

    /** Collects chunks and gives back every frame completed so far. Not thread-safe. */
    public static final class Decoder {
        private byte[] pending = new byte[0];

        /** Adds a chunk; returns the frames it completed, in order. */
        public List<Frame> feed(byte[] chunk) {
            byte[] all = new byte[pending.length + chunk.length];
            System.arraycopy(pending, 0, all, 0, pending.length);
            System.arraycopy(chunk, 0, all, pending.length, chunk.length);
            List<Frame> frames = new ArrayList<>();
            int at = 0;
            while (all.length - at >= 5) {
                int length = ByteBuffer.wrap(all, at + 1, 4).getInt();
                if (length < 0 || length > MAX) {
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
            pending = java.util.Arrays.copyOfRange(all, at, all.length);
            return frames;
        }
    }
}
