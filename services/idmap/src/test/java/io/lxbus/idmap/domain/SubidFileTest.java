package io.lxbus.idmap.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SubidFileTest {

    @Test
    void readsRootsSingleRange() {
        SubidFile file = SubidFile.parse("root:1000000:1000000000\n");
        assertThat(file.root().declared()).containsExactly(new IdRange(1_000_000, 1_000_000_000));
        assertThat(file.problems()).isEmpty();
    }

    @Test
    void keepsSeveralRangesInFileOrderAndMergesThemSorted() {
        SubidFile file = SubidFile.parse("""
                root:3000000:65536
                root:1000000:65536
                0:1065536:100
                root:1065000:1000
                """);
        assertThat(file.root().declared()).containsExactly(new IdRange(3_000_000, 65_536),
                new IdRange(1_000_000, 65_536), new IdRange(1_065_536, 100), new IdRange(1_065_000, 1000));
        assertThat(file.root().merged()).containsExactly(new IdRange(1_000_000, 66_000), new IdRange(3_000_000, 65_536));
        assertThat(file.root().total()).isEqualTo(66_000 + 65_536);
    }

    @Test
    void ignoresOtherUsersCommentsAndBlankLines() {
        SubidFile file = SubidFile.parse("""
                # subordinate ids
                ubuntu:100000:65536

                   root:200000:65536   # lxbus
                #root:300000:65536
                rooty:400000:65536
                1000:500000:65536
                """);
        assertThat(file.root().declared()).containsExactly(new IdRange(200_000, 65_536));
        assertThat(file.problems()).isEmpty();
    }

    @Test
    void skipsAndReportsMalformedLines() {
        SubidFile file = SubidFile.parse("""
                root:1000000
                root:abc:65536
                root:1000000:0
                root:4294967290:65536
                root:-5:65536
                root:1000000:65536:extra
                root:2000000:65536
                """);
        assertThat(file.root().declared()).containsExactly(new IdRange(2_000_000, 65_536));
        assertThat(file.problems()).hasSize(6);
        assertThat(file.problems().get(0)).startsWith("line 1 \"root:1000000\" skipped");
    }

    @Test
    void emptyTextAllocatesNothing() {
        assertThat(SubidFile.parse("").root().isEmpty()).isTrue();
        assertThat(SubidFile.parse("\n\n# nothing\n").root().declared()).isEqualTo(List.of());
    }

    @Test
    void firstUsableRangeIsTheFirstDeclaredOfAtLeast65536() {
        IdRanges ranges = SubidFile.parse("root:100:1000\nroot:5000000:65536\nroot:1000000:1000000000\n").root();
        assertThat(ranges.firstUsable()).contains(new IdRange(5_000_000, 65_536));
        assertThat(ranges.covers(new IdRange(1_000_000, 10))).isTrue();
        assertThat(ranges.covers(new IdRange(99, 2))).isFalse();
    }
}
