package io.lxbus.gateway.api;

import io.lxbus.gateway.GatewayConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;

/** The server's own routes ({@code /}, {@code /1.0}) and the error envelopes for everything the API does not route. */
@ApplicationScoped
public class ApiRouter {
    private final byte[] root = Envelopes.sync(List.of("/1.0"));
    private final byte[] server = ServerInfo.encode();
    private final int bodyLimit;

    public ApiRouter(GatewayConfig config) {
        this.bodyLimit = config.jsonBodyLimit();
    }

    void routes(@Observes Router router) {
        router.route().order(-100).failureHandler(this::failed);
        router.route(HttpMethod.GET, "/").handler(ctx -> fixed(ctx, root));
        router.route(HttpMethod.GET, "/1.0").handler(ctx -> fixed(ctx, server));
        router.errorHandler(404, ctx -> Responses.error(ctx, 404, "not found"));
        router.errorHandler(405, ctx -> Responses.error(ctx, 405, "method not allowed"));
        router.errorHandler(413, this::tooLarge);
    }

    private static void fixed(RoutingContext ctx, byte[] body) {
        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(Buffer.buffer(body));
    }

    /** Turns a failed route into an error envelope (413 for oversized bodies, the failure's own code otherwise). */
    void failed(RoutingContext ctx) {
        if (ctx.failure() != null) {
            Responses.failure(ctx, ctx.failure());
            return;
        }
        switch (ctx.statusCode()) {
            case 413:
                tooLarge(ctx);
                break;
            case 404:
                Responses.error(ctx, 404, "not found");
                break;
            case 405:
                Responses.error(ctx, 405, "method not allowed");
                break;
            case 400:
                Responses.error(ctx, 400, "bad request");
                break;
            default:
                int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
                Responses.error(ctx, status, "Internal error");
        }
    }

    private void tooLarge(RoutingContext ctx) {
        Responses.error(ctx, 413, "Request body too large (the limit is " + bodyLimit + " bytes)");
    }
}
