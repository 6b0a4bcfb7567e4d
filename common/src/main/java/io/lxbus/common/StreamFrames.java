package io.lxbus.common;

import java.util.List;

/**
 * Frames for a two-way byte stream inside one HTTP exchange (the console between gateway and executor): a type byte,
 * a 4-byte big-endian length, the payload — the codec of {@link ExecFrames}, with the console's own types.
 * {@link #encode} makes one; a {@link Decoder} turns chunks as they arrive into whole frames.
 */
public final class StreamFrames {
    /** Console bytes. */
    public static final byte DATA = 'd';
    /** A control message (LXD's JSON, such as {@code window-resize}). */
    public static final byte CONTROL = 'c';
    /** The far side is attached and streaming. */
    public static final byte READY = 'r';

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
        return ExecFrames.encode(type, payload, 0, payload.length);
    }

    /** Collects chunks and gives back every frame completed so far. Not thread-safe. */
    public static final class Decoder {
        private final ExecFrames.Decoder frames = new ExecFrames.Decoder();

        /** Adds a chunk; returns the frames it completed, in order. */
        public List<Frame> feed(byte[] chunk) {
            return frames.feed(chunk).stream().map(f -> new Frame(f.kind(), f.payload())).toList();
        }
    }
}
