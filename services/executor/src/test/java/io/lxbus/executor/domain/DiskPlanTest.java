package io.lxbus.executor.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DiskPlanTest {
    private static final HostDisk A = new HostDisk("a", "/h/a", "/mnt/a", false, false, false, true);
    private static final HostDisk B = new HostDisk("b", "/h/b", "/mnt/a/b", false, true, false, true);
    private static final HostDisk C = new HostDisk("c", "/h/c", "/c", true, false, false, true);

    @Test
    void newDisksAreMountedParentsFirst() {
        assertThat(DiskPlan.changes(List.of(B, A), List.of(), Set.of("/")))
                .containsExactly(new DiskPlan.Mount(A), new DiskPlan.Mount(B));
    }

    @Test
    void removedDisksAreUnmountedChildrenFirstAndNothingElseMoves() {
        assertThat(DiskPlan.changes(List.of(C), List.of(A, B, C), Set.of("/", "/mnt/a", "/mnt/a/b", "/c")))
                .containsExactly(new DiskPlan.Unmount(B), new DiskPlan.Unmount(A));
    }

    @Test
    void aChangedDiskIsUnmountedThenMountedAgain() {
        HostDisk readonlyA = new HostDisk("a", "/h/a", "/mnt/a", true, false, false, true);
        assertThat(DiskPlan.changes(List.of(readonlyA), List.of(A), Set.of("/", "/mnt/a")))
                .containsExactly(new DiskPlan.Unmount(A), new DiskPlan.Mount(readonlyA));
    }

    @Test
    void agreeingDisksNeedNothingAndAMissingMountIsRepaired() {
        assertThat(DiskPlan.changes(List.of(A, C), List.of(A, C), Set.of("/", "/mnt/a", "/c"))).isEmpty();
        assertThat(DiskPlan.changes(List.of(A, C), List.of(A, C), Set.of("/", "/c")))
                .containsExactly(new DiskPlan.Mount(A));
    }
}
