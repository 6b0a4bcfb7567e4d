package io.lxbus.common;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecFramesTest {

    @Test
    void frames_come_out_whole_however_the_stream_is_cut() {
        byte[] one = ExecFrames.encode(ExecFrames.START, "{\"command\":[\"ls\"]}");
        byte[] two = ExecFrames.encode(ExecFrames.STDIN, new byte[]{1, 2, 3}, 0, 3);
        byte[] three = ExecFrames.encode(ExecFrames.CONTROL, "");
        byte[] all = new byte[one.length + two.length + three.length];
        System.arraycopy(one, 0, all, 0, one.length);
        System.arraycopy(two, 0, all, one.length, two.length);
        System.arraycopy(three, 0, all, one.length + two.length, three.length);
        ExecFrames.Decoder decoder = new ExecFrames.Decoder();
        List<ExecFrames.Frame> frames = new ArrayList<>();
        for (byte b : all) {
            frames.addAll(decoder.feed(new byte[]{b}));
        }
        assertThat(frames).extracting(ExecFrames.Frame::kind)
                .containsExactly(ExecFrames.START, ExecFrames.STDIN, ExecFrames.CONTROL);
        assertThat(frames.get(0).text()).isEqualTo("{\"command\":[\"ls\"]}");
        assertThat(frames.get(1).payload()).containsExactly(1, 2, 3);
        assertThat(frames.get(2).payload()).isEmpty();
    }

    @Test
    void an_impossible_length_is_refused() {
        byte[] bad = {ExecFrames.STDIN, 0x7f, 0, 0, 0};
        assertThatThrownBy(() -> new ExecFrames.Decoder().feed(bad)).isInstanceOf(IllegalArgumentException.class);
    }
}
