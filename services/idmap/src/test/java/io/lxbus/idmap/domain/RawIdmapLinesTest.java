package io.lxbus.idmap.domain;

import io.lxbus.events.IdmapEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RawIdmapLinesTest {
    @Test
    void linesOfEachKindAndRanges() {
        IdmapSet set = RawIdmapLines.parse("both 1000 1000\nuid 2000-2010 3000-3010\n\ngid 50 60\n");
        assertThat(set.entries()).containsExactly(
                new IdmapEntry(true, true, 1000, 1000, 1), new IdmapEntry(true, false, 2000, 3000, 11),
                new IdmapEntry(false, true, 50, 60, 1));
    }

    @Test
    void nothingIsAnEmptyMap() {
        assertThat(RawIdmapLines.parse(null).entries()).isEmpty();
        assertThat(RawIdmapLines.parse("\n \n").entries()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"both 1000", "all 1 1", "uid 1-2 1", "uid 5-1 5-1", "uid a b", "uid 1-2-3 1-2-3",
            "uid 4294967295 1"})
    void badLinesAreRefusedWithTheLine(String line) {
        assertThatThrownBy(() -> RawIdmapLines.parse(line)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid raw.idmap line \"" + line + "\"");
    }

    @Test
    void twoLinesMappingTheSameHostIdAreRefused() {
        assertThatThrownBy(() -> RawIdmapLines.parse("uid 1000 1000\nuid 1000 2000"))
                .hasMessageContaining("already mapped");
    }
}
