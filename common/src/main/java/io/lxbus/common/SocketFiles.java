package io.lxbus.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The steps around a service's HTTP unix socket; each service's bean calls them on its Quarkus events. */
public final class SocketFiles {
    private SocketFiles() {
    }

    /** Before binding: creates the socket's folder and removes a socket a killed run left; true if one was removed. */
    public static boolean prepare(Path socket) throws IOException {
        Files.createDirectories(socket.getParent());
        return Files.deleteIfExists(socket);
    }

    /** On shutdown: removes the socket, ignoring failure (the next {@link #prepare} removes it anyway). */
    public static void removeQuietly(Path socket) {
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // The next start replaces a stale socket anyway.
        }
    }

    /** After binding: sets the socket's mode, e.g. {@code "rw-------"}. */
    public static void restrict(Path socket, String permissions) throws IOException {
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString(permissions));
    }
}
