package io.lxbus.storage;

import io.lxbus.common.DaemonThreads;
import io.lxbus.common.SocketFiles;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Prepares {@code ${lxbus.dir}/run} for the HTTP socket, and makes the socket root-only (0600) once it exists. */
@ApplicationScoped
public class SocketFolder {
    private static final Logger LOG = Logger.getLogger(SocketFolder.class);
    @Inject
    StorageSettings settings;

    /** The HTTP socket's path. */
    public Path socket() {
        return settings.root().resolve("run").resolve("storage.socket");
    }

    void onStart(@Observes @Priority(1) StartupEvent event) {
        try {
            SocketFiles.prepare(socket());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + socket().getParent(), e);
        }
    }

    /** Once the server listens on the socket (Vert.x creates it with the umask's mode), it is made root-only. */
    void restrict(@Observes StartupEvent event) {
        DaemonThreads.start("storage-socket-mode", () -> {
            for (int i = 0; i < 600 && !restrictIfPresent(); i++) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private boolean restrictIfPresent() {
        try {
            if (Files.exists(socket())) {
                SocketFiles.restrict(socket(), "rw-------");
                return true;
            }
        } catch (IOException e) {
            LOG.warnf("Cannot make %s root-only: %s", socket(), e.toString());
            return true;
        }
        return false;
    }

    void onStop(@Observes ShutdownEvent event) {
        SocketFiles.removeQuietly(socket());
    }
}
