package io.lxbus.gateway.internal;

import io.lxbus.common.InternalToken;
import io.lxbus.gateway.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;

/** The stack's internal API token ({@code $LXBUS_DIR/run/internal-api.token}), sent on every call to a host service. */
@ApplicationScoped
public class InternalTokenFile {
    private static final Logger LOG = Logger.getLogger(InternalTokenFile.class);
    private final Path file;
    private volatile String token;

    public InternalTokenFile(GatewayConfig config) {
        this.file = InternalToken.file(Path.of(config.dir()));
    }

    /** The token, read (or made) on first use; empty when the file cannot be read (host services then refuse). */
    public String value() {
        if (token == null) {
            try {
                token = InternalToken.ensure(file);
            } catch (IOException e) {
                LOG.warnf("Cannot read the internal API token %s: %s", file, e.getMessage());
                return "";
            }
        }
        return token;
    }
}
