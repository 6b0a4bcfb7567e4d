package io.lxbus.storage.driver.dir;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Snapshot folders on {@code dir}: full copies, a restore that swaps {@code rootfs}, removal with the instance. */
class DirSnapshotsTest {
    @TempDir
    Path tmp;

    @Test
    void snapshotsAreCopiesThatRestoreAndGoWithTheirInstance() throws Exception {
        DirDriver driver = new DirDriver();
        Path pool = tmp.resolve("pool");
        driver.createPool(pool);
        Path root = Files.createDirectories(driver.instanceVolume(pool, "u1").resolve("rootfs"));
        Files.writeString(root.resolve("marker"), "before");
        Files.createSymbolicLink(root.resolve("link"), Path.of("marker"));

        Path snapshot = driver.copyVolume(driver.instanceVolume(pool, "u1"), driver.snapshotVolume(pool, "u1", "s1"));
        assertThat(snapshot).isEqualTo(pool.resolve("containers-snapshots/u1/s1"));
        assertThat(snapshot.resolve("rootfs/marker")).hasContent("before");
        assertThat(Files.readSymbolicLink(snapshot.resolve("rootfs/link"))).isEqualTo(Path.of("marker"));
        assertThat(driver.snapshotVolumes(pool)).isEqualTo(Map.of("u1", Set.of("s1")));

        Files.writeString(root.resolve("marker"), "after");
        Files.writeString(root.resolve("new"), "x");
        driver.restoreVolume(pool, "u1", snapshot);
        assertThat(root.resolve("marker")).hasContent("before");
        assertThat(root.resolve("new")).doesNotExist();
        assertThat(snapshot.resolve("rootfs/marker")).hasContent("before");
        try (var left = Files.list(pool.resolve("containers"))) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly("u1");
        }

        Path copy = driver.copyVolume(snapshot, driver.instanceVolume(pool, "u2"));
        assertThat(copy.resolve("rootfs/marker")).hasContent("before");

        Files.createDirectories(pool.resolve("containers-snapshots/u1/.tmp-s2-dead"));
        driver.cleanUp(pool);
        assertThat(pool.resolve("containers-snapshots/u1/.tmp-s2-dead")).doesNotExist();
        driver.deleteSnapshotVolume(pool, "u1", "s1");
        assertThat(driver.snapshotVolumes(pool)).isEqualTo(Map.of("u1", Set.of()));
        driver.deleteInstanceSnapshots(pool, "u1");
        assertThat(pool.resolve("containers-snapshots").toFile().list()).isEmpty();
    }
}
