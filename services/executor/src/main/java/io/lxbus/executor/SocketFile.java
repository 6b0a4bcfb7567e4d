package io.lxbus.executor;

import io.lxbus.common.InternalToken;
import io.lxbus.common.SocketFiles;
import io.quarkus.vertx.http.DomainSocketServerStart;
import io.vertx.ext.web.Router;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The API socket {@code ${lxbus.dir}/run/executor.socket}: a stale one is removed before binding; mode 0600 after,
 * in a 0700 folder that also holds the stack's internal API token (made here if missing).
 */
@ApplicationScoped
public class SocketFile {
    private static final Logger LOG = Logger.getLogger(SocketFile.class);
    private final Path socket;

    public SocketFile(ExecutorSettings settings) {
        this.socket = Path.of(settings.dir(), "run", "executor.socket");
    }

    void beforeListening(@Observes @Priority(1) Router router) {
        try {
            SocketFiles.prepare(socket);
            Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwx------"));
            InternalToken.ensure(InternalToken.file(socket.getParent().getParent()));
        } catch (IOException e) {
            LOG.warnf("Cannot prepare %s: %s", socket, e.getMessage());
        }
    }

    void listening(@ObservesAsync DomainSocketServerStart start) {
        try {
            SocketFiles.restrict(socket, "rw-------");
            LOG.infof("Executor API listening on %s", socket);
        } catch (IOException e) {
            LOG.warnf("Cannot set the mode of %s: %s", socket, e.getMessage());
        }
    }
}
