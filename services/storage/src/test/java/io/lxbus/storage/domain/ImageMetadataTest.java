package io.lxbus.storage.domain;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageMetadataTest {
    private static byte[] yaml(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsLxdMetadata() throws Exception {
        ImageMetadata m = ImageMetadata.parse(yaml("""
                architecture: amd64
                creation_date: 1700000000
                properties:
                  os: busybox
                  release: "1.35.0"
                  description: busybox 1.35.0
                templates: {}
                """));
        assertThat(m.architecture()).isEqualTo("x86_64");
        assertThat(m.creationDate()).isEqualTo(Instant.ofEpochSecond(1700000000));
        assertThat(m.properties()).containsEntry("os", "busybox").containsEntry("release", "1.35.0");
        assertThat(m.hasTemplates()).isFalse();
    }

    @Test
    void saysWhatIsMissing() {
        assertThatThrownBy(() -> ImageMetadata.parse(yaml("creation_date: 1\nproperties: {}\n")))
                .hasMessage("Invalid image metadata: missing architecture");
        assertThatThrownBy(() -> ImageMetadata.parse(yaml("architecture: x86_64\nproperties: {}\n")))
                .hasMessageContaining("creation_date");
        assertThatThrownBy(() -> ImageMetadata.parse(yaml("architecture: x86_64\ncreation_date: 1\n")))
                .hasMessage("Invalid image metadata: missing properties");
        assertThatThrownBy(() -> ImageMetadata.parse(yaml(": : :\n  - [")))
                .hasMessageStartingWith("Could not parse metadata.yaml");
    }

    @Test
    void unifiedTarballsNeedMetadataAndRootfs() throws Exception {
        ImageLayout.UNIFIED.check(List.of("./metadata.yaml", "./rootfs/", "./rootfs/bin/busybox"));
        ImageLayout.SPLIT.check(List.of("metadata.yaml", "templates/"));
        assertThatThrownBy(() -> ImageLayout.UNIFIED.check(List.of("metadata.yaml")))
                .hasMessage("Invalid image tarball: rootfs/ is missing");
        assertThatThrownBy(() -> ImageLayout.UNIFIED.check(List.of("rootfs/")))
                .hasMessage("Invalid image tarball: metadata.yaml is missing");
        assertThatThrownBy(() -> ImageLayout.UNIFIED.check(List.of("metadata.yaml", "rootfs/", "../etc/passwd")))
                .hasMessageContaining("leaves the image");
    }
}
