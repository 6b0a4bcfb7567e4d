package io.lxbus.storage.domain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** sha256 over an image's bytes in LXD's order: the unified file, or metadata then rootfs. */
public final class FingerprintDigest {
    private final MessageDigest sha256;

    public FingerprintDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JVM has no SHA-256", e);
        }
    }

    /** Adds bytes in upload order. */
    public void update(byte[] bytes, int offset, int length) {
        sha256.update(bytes, offset, length);
    }

    /** Adds a whole file. */
    public void update(Path file) throws IOException {
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
            }
        }
    }

    /** The fingerprint: lowercase hex. */
    public String fingerprint() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** The fingerprint of files in order (unified: one file; split: metadata, rootfs). */
    public static String of(Path... files) throws IOException {
        FingerprintDigest digest = new FingerprintDigest();
        for (Path file : files) {
            digest.update(file);
        }
        return digest.fingerprint();
    }
}
