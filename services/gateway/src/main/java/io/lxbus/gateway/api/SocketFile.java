package io.lxbus.gateway.api;

import io.lxbus.common.SocketFiles;
import io.lxbus.gateway.GatewayConfig;
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
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalNotFoundException;

/**
 * The API socket file: a stale one is removed before the server binds (the router is built just before),
 * and once listening it gets mode 0660 and group {@code lxbus} when that group exists.
 */
@ApplicationScoped
public class SocketFile {
    private static final Logger LOG = Logger.getLogger(SocketFile.class);
    static final String GROUP = "lxbus";

    private final Path socket;

    public SocketFile(GatewayConfig config) {
        this.socket = Path.of(config.dir(), "unix.socket");
    }

    void beforeListening(@Observes @Priority(1) Router router) {
        try {
            if (SocketFiles.prepare(socket)) {
                LOG.infof("Removed stale socket %s", socket);
            }
        } catch (IOException e) {
            LOG.warnf("Cannot prepare %s: %s", socket, e.getMessage());
        }
    }

    void listening(@ObservesAsync DomainSocketServerStart start) {
        try {
            SocketFiles.restrict(socket, "rw-rw----");
            try {
                GroupPrincipal group = socket.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByGroupName(GROUP);
                Files.getFileAttributeView(socket, PosixFileAttributeView.class).setGroup(group);
            } catch (UserPrincipalNotFoundException e) {
                LOG.debugf("No group %s; %s stays in the owner's group", GROUP, socket);
            }
            LOG.infof("LXD API listening on %s", socket);
        } catch (IOException e) {
            LOG.warnf("Cannot set the mode of %s: %s", socket, e.getMessage());
        }
    }
}
