package io.lxbus.storage.driver;

import java.nio.file.Path;

/**
 * An image's stored files.
 *
 * @param main   the unified tarball, or the metadata tarball of a split image
 * @param rootfs the split image's rootfs (tarball or squashfs); null for unified images
 */
public record ImageSource(Path main, Path rootfs) {

    /** Whether the image is split (metadata and rootfs in separate files). */
    public boolean split() {
        return rootfs != null;
    }
}
