package io.lxbus.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lxbus.events.ErrorCode;
import io.lxbus.events.Instance;
import io.lxbus.events.Keys;
import io.lxbus.events.wire.Json;
import io.lxbus.gateway.GatewayConfig;
import io.lxbus.gateway.domain.GatewayError;
import io.lxbus.gateway.domain.InstanceRequests;
import io.lxbus.gateway.internal.ExecutorStreams;
import io.lxbus.gateway.messaging.StateViews;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * What the data routes (files, logs, console) share: find the instance and its host's executor, call the executor's
 * {@code /internal/instances/{uuid}/…}, and answer its replies in LXD's envelopes or pass a body through as it comes.
 */
@ApplicationScoped
public class InstanceData {
    /** The instance collections the data routes serve. */
    static final List<String> COLLECTIONS = InstanceRoutes.COLLECTIONS;
    private final StateViews views;
    private final LiveStates live;
    private final ExecutorStreams calls;
    private final GatewayConfig config;

    public InstanceData(StateViews views, LiveStates live, ExecutorStreams calls, GatewayConfig config) {
        this.views = views;
        this.live = live;
        this.calls = calls;
        this.config = config;
    }

    /** Once the views are ready: the instance of the route's {@code :name}, or an error answer. */
    void withInstance(RoutingContext ctx, java.util.function.Consumer<Instance> then) {
        Handlers.guarded(ctx, () -> {
            String project = Projects.of(ctx);
            String name = ctx.pathParam("name");
            Handlers.whenViewsReady(ctx, views, config.commandTimeout(), () -> {
                InstanceRequests.checkName(name);
                then.accept(views.instances().get(Keys.resource(project, name))
                        .orElseThrow(() -> new GatewayError(ErrorCode.NOT_FOUND, "Instance not found")));
            });
        });
    }

    /** The instance's runtime record, if its host wrote one. */
    io.lxbus.events.InstanceRuntime runtimeOf(Instance instance) {
        return live.runtimeOf(instance);
    }

    /** The executor's internal API address for the instance's host. */
    String executorOf(Instance instance) {
        return live.executorOf(instance).orElseThrow(() -> new GatewayError(ErrorCode.UNAVAILABLE,
                "The host of instance " + instance.name() + " has no executor registered"));
    }

    /** Calls {@code /internal/instances/{uuid}{suffix}} on the instance's executor; failures are answered. */
    void call(RoutingContext ctx, Instance instance, HttpMethod method, String suffix, MultiMap headers,
              ReadStream<Buffer> body, BiConsumer<HttpClientResponse, RoutingContext> reply) {
        String uri = "/internal/instances/" + ExecutorStreams.encode(instance.uuid()) + suffix;
        calls.call(executorOf(instance), method, uri, headers, body).onComplete(done -> {
            if (done.failed()) {
                ctx.response().putHeader("Connection", "close");
                Responses.failure(ctx, done.cause());
            } else {
                Handlers.guarded(ctx, () -> reply.accept(done.result(), ctx));
            }
        });
    }

    /** Answers an executor's error reply ({@code {"error": …}}) with its status in LXD's error envelope. */
    static void error(RoutingContext ctx, HttpClientResponse response) {
        response.body().onComplete(body -> {
            String message = "The executor answered HTTP " + response.statusCode();
            if (body.succeeded()) {
                try {
                    JsonNode json = Json.mapper().readTree(body.result().getBytes());
                    if (json != null && json.hasNonNull("error")) {
                        message = json.get("error").asText();
                    }
                } catch (IOException e) {
                    // not JSON: keep the status line
                }
            }
            Responses.error(ctx, response.statusCode(), message);
        });
    }

    /** Passes a 200 body through as it arrives, with the headers named; {@code done} runs once it was all sent. */
    static void passThrough(RoutingContext ctx, HttpClientResponse response, List<String> headers, Runnable done) {
        for (String name : headers) {
            String value = response.getHeader(name);
            if (value != null) {
                ctx.response().putHeader(name, value);
            }
        }
        ctx.response().setStatusCode(200);
        if (response.getHeader("Content-Length") == null) {
            ctx.response().setChunked(true);
        }
        response.pipeTo(ctx.response()).onSuccess(ignored -> done.run());
    }
}
