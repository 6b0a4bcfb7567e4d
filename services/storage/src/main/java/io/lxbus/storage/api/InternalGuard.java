package io.lxbus.storage.api;

import io.lxbus.common.InternalToken;
import io.lxbus.storage.StorageSettings;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;

/**
 * Every {@code /internal/*} request needs the stack's token ({@link InternalToken}, header {@code X-Lxbus-Token}),
 * which only the gateway sends: a request that did not come through the gateway is refused (403), even from root.
 */
@ApplicationScoped
public class InternalGuard {
    private static final Logger LOG = Logger.getLogger(InternalGuard.class);

    @Inject
    StorageSettings settings;

    private volatile String token;

    void routes(@Observes Router router) {
        router.route("/internal/*").order(-100).handler(this::gatewayOnly);
    }

    private void gatewayOnly(RoutingContext ctx) {
        if (!InternalToken.matches(token(), ctx.request().getHeader(InternalToken.HEADER))) {
            // The body (an image, perhaps) is never read: closing the connection tells a sender to stop.
            ctx.response().putHeader("Connection", "close");
            ImportRoute.fail(ctx, 403, "The storage service's API only answers the gateway (missing or wrong "
                    + InternalToken.HEADER + ")");
            return;
        }
        ctx.next();
    }

    private String token() {
        if (token == null) {
            try {
                token = InternalToken.ensure(InternalToken.file(settings.root()));
            } catch (IOException e) {
                LOG.warnf("No internal API token: %s", e.toString());
                return null;
            }
        }
        return token;
    }
}
