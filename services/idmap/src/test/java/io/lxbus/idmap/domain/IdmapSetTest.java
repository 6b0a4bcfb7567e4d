package io.lxbus.idmap.domain;

import io.lxbus.events.IdmapEntry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdmapSetTest {
    private static final IdmapSet DEFAULT = new IdmapSet(List.of(
            new IdmapEntry(true, false, 1_000_000, 0, 1_000_000_000),
            new IdmapEntry(false, true, 1_000_000, 0, 1_000_000_000)));

    private static IdmapEntry uid(long host, long ns, long range) {
        return new IdmapEntry(true, false, host, ns, range);
    }

    private static IdmapEntry gid(long host, long ns, long range) {
        return new IdmapEntry(false, true, host, ns, range);
    }

    @Test
    void bothSplitsTheUidAndTheGidEntryAroundTheHoleAndSitsInEachAsLxd502Does() {
        IdmapEntry both = new IdmapEntry(true, true, 1000, 1000, 1);
        IdmapSet map = DEFAULT.addSafe(both);
        assertThat(map.entries()).containsExactly(
                uid(1_000_000, 0, 1000), both, uid(1_001_001, 1001, 999_998_999),
                gid(1_000_000, 0, 1000), both, gid(1_001_001, 1001, 999_998_999));
    }

    @Test
    void aBothEntryMeetingAUidEntryNamesUids() {
        assertThatThrownBy(() -> DEFAULT.addSafe(new IdmapEntry(true, true, 1_000_005, 5, 1)))
                .hasMessageContaining("host uids 1000005-1000005 are already mapped");
        IdmapSet gidsOnly = new IdmapSet(List.of(gid(1_000_000, 0, 65_536)));
        assertThatThrownBy(() -> gidsOnly.addSafe(new IdmapEntry(true, true, 1_000_005, 5, 1)))
                .hasMessageContaining("host gids 1000005-1000005 are already mapped");
    }

    @Test
    void uidOnlyLeavesTheGidEntryWhole() {
        IdmapSet map = DEFAULT.addSafe(uid(2000, 1000, 11));
        assertThat(map.entries()).containsExactly(
                uid(1_000_000, 0, 1000), uid(2000, 1000, 11), uid(1_001_011, 1011, 999_998_989),
                gid(1_000_000, 0, 1_000_000_000));
    }

    @Test
    void gidOnlyLeavesTheUidEntryWhole() {
        IdmapSet map = DEFAULT.addSafe(gid(2000, 1000, 11));
        assertThat(map.entries()).containsExactly(uid(1_000_000, 0, 1_000_000_000),
                gid(1_000_000, 0, 1000), gid(2000, 1000, 11), gid(1_001_011, 1011, 999_998_989));
    }

    @Test
    void aHoleAtContainerIdZeroHasNoLowerPart() {
        IdmapSet map = new IdmapSet(List.of(uid(100_000, 0, 65_536))).addSafe(uid(1000, 0, 1));
        assertThat(map.entries()).containsExactly(uid(1000, 0, 1), uid(100_001, 1, 65_535));
    }

    @Test
    void aHoleAtTheLastContainerIdHasNoUpperPart() {
        IdmapSet map = new IdmapSet(List.of(uid(100_000, 0, 65_536))).addSafe(uid(1000, 65_535, 1));
        assertThat(map.entries()).containsExactly(uid(100_000, 0, 65_535), uid(1000, 65_535, 1));
    }

    @Test
    void anEntryBeyondTheMapIsAppended() {
        IdmapSet map = new IdmapSet(List.of(uid(100_000, 0, 65_536))).addSafe(uid(1000, 70_000, 1));
        assertThat(map.entries()).containsExactly(uid(100_000, 0, 65_536), uid(1000, 70_000, 1));
    }

    @Test
    void hostIdsAlreadyMappedAreRefused() {
        assertThatThrownBy(() -> DEFAULT.addSafe(uid(1_000_005, 5, 1))).isInstanceOf(IdmapSet.HostIdsTaken.class)
                .hasMessageContaining("host uids 1000005-1000005 are already mapped");
        assertThatThrownBy(() -> DEFAULT.addSafe(gid(999_999, 0, 2))).isInstanceOf(IdmapSet.HostIdsTaken.class);
        assertThat(DEFAULT.addSafe(gid(999_999, 0, 1)).entries()).hasSize(3);
    }
}
