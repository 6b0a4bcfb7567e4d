package io.lxbus.instance;

import io.lxbus.common.SocketFiles;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Prepares {@code ${lxbus.dir}/run} for the HTTP socket: creates the folder, and removes a socket a killed run left. */
@ApplicationScoped
public class SocketFolder {
    @Inject
    InstanceSettings settings;

    /** The HTTP socket's path. */
    public Path socket() {
        return Path.of(settings.dir(), "run", "instance.socket");
    }

    void onStart(@Observes @Priority(1) StartupEvent event) {
        try {
            SocketFiles.prepare(socket());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + socket().getParent(), e);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        SocketFiles.removeQuietly(socket());
    }
}
