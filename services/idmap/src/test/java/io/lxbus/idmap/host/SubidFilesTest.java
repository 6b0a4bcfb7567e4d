package io.lxbus.idmap.host;

import io.lxbus.idmap.domain.IdRange;
import io.lxbus.idmap.domain.RootAllocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SubidFilesTest {
    @TempDir
    Path dir;

    @Test
    void missingFilesAllocateNothing() {
        SubidFiles files = new SubidFiles(dir.resolve("subuid"), dir.resolve("subgid"));
        assertThat(files.get()).isEqualTo(RootAllocation.NONE);
    }

    @Test
    void readsAgainWhenAFileChanges() throws Exception {
        Path subuid = Files.writeString(dir.resolve("subuid"), "root:1000000:65536\n");
        Path subgid = Files.writeString(dir.resolve("subgid"), "root:2000000:65536\n");
        SubidFiles files = new SubidFiles(subuid, subgid);
        assertThat(files.get().uids().declared()).containsExactly(new IdRange(1_000_000, 65_536));
        assertThat(files.get().gids().declared()).containsExactly(new IdRange(2_000_000, 65_536));

        Files.writeString(subuid, "root:3000000:131072\n");
        Files.setLastModifiedTime(subuid, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(files.get().uids().declared()).containsExactly(new IdRange(3_000_000, 131_072));

        Files.delete(subgid);
        assertThat(files.get().gids().isEmpty()).isTrue();
        Files.writeString(subgid, "0:4000000:65536\n");
        assertThat(files.get().gids().declared()).containsExactly(new IdRange(4_000_000, 65_536));
    }
}
