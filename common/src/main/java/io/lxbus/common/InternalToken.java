package io.lxbus.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The stack's shared secret for the host services' internal APIs: the gateway sends it, the host services require
 * it, so a request that did not come through the gateway is refused even from root. One file per stack,
 * {@code $LXBUS_DIR/run/internal-api.token} (mode 0600), made by whichever service needs it first.
 */
public final class InternalToken {
    /** The request header that carries it. */
    public static final String HEADER = "X-Lxbus-Token";
    private static final int BYTES = 32;

    private InternalToken() {
    }

    /** The token file of a stack folder. */
    public static Path file(Path stackDir) {
        return stackDir.resolve("run").resolve("internal-api.token");
    }

    /** Reads the token, creating the file (0600, atomically, never replacing one) when there is none yet. */
    public static String ensure(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            byte[] secret = new byte[BYTES];
            new SecureRandom().nextBytes(secret);
            Path temp = Files.createTempFile(file.getParent(), ".token", ".new",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(temp, HexFormat.of().formatHex(secret) + "\n");
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException raced) {
                // Another service made it first; use theirs.
            } finally {
                Files.deleteIfExists(temp);
            }
        }
        String token = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (token.length() < BYTES) {
            throw new IOException(file + " holds no usable token");
        }
        return token;
    }

    /** Compares a presented token with the expected one in constant time; false for a missing one. */
    public static boolean matches(String expected, String presented) {
        return expected != null && presented != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
