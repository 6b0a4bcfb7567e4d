package io.lxbus.gateway.api;

import io.lxbus.events.Result;
import io.lxbus.gateway.domain.GatewayError;
import io.lxbus.gateway.messaging.StateViews;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** What every route does the same way: refuse bad input as 4xx, wait for the views, answer a command's result. */
final class Handlers {
    private Handlers() {
    }

    /** Runs a handler, turning refusals into error envelopes (bad input 400, a {@link GatewayError} its own code). */
    static void guarded(RoutingContext ctx, Runnable handler) {
        try {
            handler.run();
        } catch (GatewayError | IllegalArgumentException e) {
            Responses.failure(ctx, e instanceof GatewayError ? e : GatewayError.badRequest(e.getMessage()));
        } catch (RuntimeException e) {
            Responses.failure(ctx, e);
        }
    }

    /** Answers once the views have caught up with Kafka (at once normally), or 503 after the timeout. */
    static void whenViewsReady(RoutingContext ctx, StateViews views, Duration timeout, Runnable answer) {
        if (views.isCaughtUp()) {
            guarded(ctx, answer);
            return;
        }
        views.caughtUp().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, failure) -> {
            if (failure != null) {
                Responses.error(ctx, 503, "The gateway has not finished reading its state from Kafka yet");
            } else {
                guarded(ctx, answer);
            }
        });
    }

    /** Answers a synchronous command: success via {@code onSuccess}, a failed result as its error code. */
    static void answer(RoutingContext ctx, CompletableFuture<Result> outcome, String owner, Consumer<Result> onSuccess) {
        outcome.whenComplete((result, failure) -> {
            if (failure != null) {
                Responses.failure(ctx, failure);
            } else if (result.success()) {
                guarded(ctx, () -> onSuccess.accept(result));
            } else {
                int status = result.error() == null ? 500 : result.error().httpStatus();
                Responses.error(ctx, status, result.message() == null || result.message().isEmpty()
                        ? "The " + owner + " refused the change" : result.message());
            }
        });
    }

    /** The request body's bytes (empty when none). */
    static byte[] bytes(RoutingContext ctx) {
        return ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    }
}
