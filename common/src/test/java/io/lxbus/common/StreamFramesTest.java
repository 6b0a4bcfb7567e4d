package io.lxbus.common;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StreamFramesTest {
    @Test
    void framesSurviveBeingSplitAnywhere() {
        byte[] one = StreamFrames.encode(StreamFrames.DATA, "ls\r".getBytes(StandardCharsets.UTF_8));
        byte[] two = StreamFrames.encode(StreamFrames.CONTROL, "{}".getBytes(StandardCharsets.UTF_8));
        byte[] both = new byte[one.length + two.length];
        System.arraycopy(one, 0, both, 0, one.length);
        System.arraycopy(two, 0, both, one.length, two.length);
        StreamFrames.Decoder decoder = new StreamFrames.Decoder();
        List<StreamFrames.Frame> frames = new ArrayList<>();
        for (byte b : both) {
            frames.addAll(decoder.feed(new byte[] {b}));
        }
        assertThat(frames).extracting(StreamFrames.Frame::type).containsExactly(StreamFrames.DATA, StreamFrames.CONTROL);
        assertThat(new String(frames.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo("ls\r");
    }
}
