package io.lxbus.instance.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RawIdmapTest {

    @Test
    void parsesSingleIdsAndRanges() {
        assertThat(RawIdmap.parse("both 1000 1000\nuid 1001-1011 2000-2010\n\ngid 50 60\n")).containsExactly(
                new IdmapEntry(IdmapEntry.Kind.BOTH, 1000, 1000, 1),
                new IdmapEntry(IdmapEntry.Kind.UID, 1001, 2000, 11),
                new IdmapEntry(IdmapEntry.Kind.GID, 50, 60, 1));
    }

    @Test
    void emptyTextHasNoEntries() {
        assertThat(RawIdmap.parse("")).isEmpty();
        assertThat(RawIdmap.parse("  \n ")).isEmpty();
    }

    @Test
    void refusesUnknownKind() {
        assertThatThrownBy(() -> RawIdmap.parse("user 1000 1000"))
                .hasMessage("Invalid raw.idmap line 1 \"user 1000 1000\": the first word must be both, uid or gid");
    }

    @Test
    void refusesRangesOfDifferentSizes() {
        assertThatThrownBy(() -> RawIdmap.parse("both 1000 1000\nuid 1000-1010 2000-2005"))
                .hasMessageContaining("line 2")
                .hasMessageContaining("the host range has 11 ids but the container range has 6");
    }

    @Test
    void refusesWrongFieldCountAndBadIds() {
        assertThatThrownBy(() -> RawIdmap.parse("both 1000")).hasMessageContaining("expected \"both|uid|gid");
        assertThatThrownBy(() -> RawIdmap.parse("both x 1000")).hasMessageContaining("\"x\" is not a valid id");
        assertThatThrownBy(() -> RawIdmap.parse("both 10-5 10-5")).hasMessageContaining("ends before it starts");
        assertThatThrownBy(() -> RawIdmap.parse("both 99999999999 1")).hasMessageContaining("not a valid id");
    }
}
