package io.lxbus.storage.domain;

import java.util.Collection;

/** Which shape an uploaded image has, and what its tarball must contain. */
public enum ImageLayout {
    /** One tarball holding {@code metadata.yaml}, {@code templates/} and {@code rootfs/}. */
    UNIFIED,
    /** A metadata tarball plus a separate rootfs (a tarball or a squashfs). */
    SPLIT;

    /** An entry's path without a leading {@code ./} or {@code /}. */
    public static String normalize(String entry) {
        String path = entry;
        while (path.startsWith("./") || path.startsWith("/")) {
            path = path.startsWith("./") ? path.substring(2) : path.substring(1);
        }
        return path;
    }

    /** Checks a tarball's entry names for this layout; the metadata tarball of a split image needs no rootfs. */
    public void check(Collection<String> entries) throws ImageRejected {
        boolean metadata = false;
        boolean rootfs = false;
        for (String entry : entries) {
            String path = normalize(entry);
            if (path.equals("metadata.yaml")) {
                metadata = true;
            } else if (path.equals("rootfs") || path.startsWith("rootfs/")) {
                rootfs = true;
            }
            if (path.equals("..") || path.startsWith("../") || path.contains("/../")) {
                throw new ImageRejected("Invalid image tarball: entry \"" + entry + "\" leaves the image");
            }
        }
        if (!metadata) {
            throw new ImageRejected("Invalid image tarball: metadata.yaml is missing");
        }
        if (this == UNIFIED && !rootfs) {
            throw new ImageRejected("Invalid image tarball: rootfs/ is missing");
        }
    }
}
