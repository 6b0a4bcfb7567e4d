package io.lxbus.storage.driver.dir;

import io.lxbus.storage.driver.DriverRegistry;
import io.lxbus.storage.driver.HostCommand;
import io.lxbus.storage.driver.ImageSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DirDriverTest {
    @TempDir
    Path tmp;

    private Path tarball() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/rootfs/bin"));
        Files.writeString(src.resolve("hello"), "hi");
        Files.createSymbolicLink(src.resolve("sh"), Path.of("hello"));
        Files.writeString(tmp.resolve("src/metadata.yaml"), "architecture: x86_64\ncreation_date: 1\nproperties: {}\n");
        Path out = tmp.resolve("image.tar.gz");
        HostCommand.run("tar", "-czf", out.toString(), "-C", tmp.resolve("src").toString(), "metadata.yaml", "rootfs");
        return out;
    }

    @Test
    void unpacksOnceClonesAndDeletes() throws Exception {
        DirDriver driver = (DirDriver) DriverRegistry.standard().driver("dir").orElseThrow();
        assertThat(driver.info().optimizedImages()).isTrue();
        Path pool = tmp.resolve("pool");
        driver.createPool(pool);
        Path image = tarball();

        Path unpacked = driver.ensureImage(pool, "fp1", new ImageSource(image, null));
        assertThat(unpacked.resolve("rootfs/bin/hello")).hasContent("hi");
        Files.delete(image);
        // Already unpacked: the tarball is not read again.
        assertThat(driver.ensureImage(pool, "fp1", new ImageSource(image, null))).isEqualTo(unpacked);

        Path clone = driver.cloneImage(pool, "fp1", "uuid-1");
        assertThat(clone).isEqualTo(pool.resolve("containers/uuid-1"));
        assertThat(clone.resolve("rootfs/bin/hello")).hasContent("hi");
        assertThat(Files.readSymbolicLink(clone.resolve("rootfs/bin/sh"))).isEqualTo(Path.of("hello"));
        assertThat(clone.resolve("metadata.yaml")).exists();
        Files.writeString(clone.resolve("rootfs/bin/hello"), "changed");
        assertThat(unpacked.resolve("rootfs/bin/hello")).hasContent("hi");
        assertThat(driver.instanceVolumes(pool)).containsExactly("uuid-1");
        assertThat(driver.imageVolumes(pool)).containsExactly("fp1");

        driver.deleteInstanceVolume(pool, "uuid-1");
        driver.deleteInstanceVolume(pool, "uuid-1");
        assertThat(clone).doesNotExist();
        driver.deleteImageVolume(pool, "fp1");
        assertThat(driver.imageVolumes(pool)).isEmpty();
        try (var left = Files.list(pool.resolve("containers"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aSpareCloneIsRenamedIntoPlaceAndGoesWithItsImage() throws Exception {
        DirDriver driver = new DirDriver();
        Path pool = tmp.resolve("pool");
        driver.createPool(pool);
        Path unpacked = driver.ensureImage(pool, "fp1", new ImageSource(tarball(), null));
        driver.prepareSpare(pool, "fp1");
        Path spare = pool.resolve("containers/.spare-fp1");
        assertThat(spare.resolve("rootfs/bin/hello")).hasContent("hi");
        assertThat(driver.instanceVolumes(pool)).isEmpty();
        Object spareInode = Files.getAttribute(spare, "unix:ino");

        Path clone = driver.cloneImage(pool, "fp1", "uuid-1");
        assertThat(Files.getAttribute(clone, "unix:ino")).isEqualTo(spareInode);
        assertThat(spare).doesNotExist();
        assertThat(Files.readSymbolicLink(clone.resolve("rootfs/bin/sh"))).isEqualTo(Path.of("hello"));
        // No spare: a plain copy.
        assertThat(driver.cloneImage(pool, "fp1", "uuid-2").resolve("rootfs/bin/hello")).hasContent("hi");

        driver.prepareSpare(pool, "fp1");
        driver.deleteImageVolume(pool, "fp1");
        assertThat(spare).doesNotExist();
        assertThat(unpacked).doesNotExist();
        driver.prepareSpare(pool, "fp1"); // the image is gone: nothing to copy
        assertThat(spare).doesNotExist();

        // A spare whose image vanished during a crash is removed at start.
        Files.createDirectories(pool.resolve("containers/.spare-gone/rootfs"));
        driver.cleanUp(pool);
        assertThat(pool.resolve("containers/.spare-gone")).doesNotExist();
        assertThat(driver.instanceVolumes(pool)).containsExactlyInAnyOrder("uuid-1", "uuid-2");
    }

    @Test
    void cleanUpRemovesHalfDoneWork() throws Exception {
        DirDriver driver = new DirDriver();
        Path pool = tmp.resolve("pool");
        driver.createPool(pool);
        Files.createDirectories(pool.resolve("containers/.tmp-uuid-2-abc/rootfs"));
        Files.createDirectories(pool.resolve("images/.trash-fp-abc"));
        driver.cleanUp(pool);
        try (var left = Files.list(pool.resolve("containers"))) {
            assertThat(left).isEmpty();
        }
        assertThat(driver.imageVolumes(pool)).isEmpty();
    }
}
