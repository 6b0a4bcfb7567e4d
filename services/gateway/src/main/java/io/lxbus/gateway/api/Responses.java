package io.lxbus.gateway.api;

import io.lxbus.events.ErrorCode;
import io.lxbus.events.Operation;
import io.lxbus.gateway.domain.GatewayError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletionException;

/** Writes envelopes, and turns any failure into the error envelope with its HTTP status. */
final class Responses {
    private static final Logger LOG = Logger.getLogger(Responses.class);
    private static final String JSON = "application/json";

    private Responses() {
    }

    /** Writes a JSON body with a status. */
    static void send(RoutingContext ctx, int status, byte[] body) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", JSON).end(Buffer.buffer(body));
    }

    /** A sync 200 answer. */
    static void sync(RoutingContext ctx, Object metadata) {
        send(ctx, 200, Envelopes.sync(metadata));
    }

    /** A sync 201 answer pointing at the created resource, metadata null (LXD's SyncResponseLocation). */
    static void created(RoutingContext ctx, String location) {
        ctx.response().putHeader("Location", location);
        send(ctx, 201, Envelopes.sync(null));
    }

    /** An async 202 answer for a just-created operation, with its Location. */
    static void async(RoutingContext ctx, Operation operation) {
        ctx.response().putHeader("Location", OperationPaths.url(operation.id()));
        send(ctx, 202, Envelopes.async(operation));
    }

    /** An error envelope. */
    static void error(RoutingContext ctx, int status, String message) {
        send(ctx, status, Envelopes.error(status, message));
    }

    /** The error envelope for a failure: a {@link GatewayError} keeps its code, anything else is a 500. */
    static void failure(RoutingContext ctx, Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof GatewayError error) {
            error(ctx, error.code().httpStatus(), error.getMessage());
            return;
        }
        LOG.errorf(cause, "Failed %s %s", ctx.request().method(), ctx.request().uri());
        String message = cause == null || cause.getMessage() == null ? "Internal error" : cause.getMessage();
        error(ctx, ErrorCode.INTERNAL.httpStatus(), message);
    }
}
