package io.lxbus.gateway.api;

import io.lxbus.gateway.GatewayConfig;
import io.lxbus.gateway.domain.EventHub;
import io.lxbus.gateway.domain.EventListener;
import io.lxbus.gateway.domain.EventSink;
import io.lxbus.gateway.domain.GatewayError;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code GET /1.0/events}: a websocket of operation, lifecycle and logging events. The listener is
 * registered before the upgrade completes and buffers until the socket is open, so no event in between is lost.
 */
@ApplicationScoped
public class EventsRoute {
    private static final Buffer KEEPALIVE = Buffer.buffer("keepalive");

    private final EventHub hub;
    private final GatewayConfig config;

    public EventsRoute(EventHub hub, GatewayConfig config) {
        this.hub = hub;
        this.config = config;
    }

    void routes(@Observes Router router) {
        router.route(HttpMethod.GET, "/1.0/events").handler(this::subscribe);
    }

    private void subscribe(RoutingContext ctx) {
        Set<String> types;
        String project;
        try {
            types = types(ctx.queryParams().get("type"));
            project = "true".equalsIgnoreCase(ctx.queryParams().get("all-projects")) ? null : Projects.of(ctx);
        } catch (GatewayError e) {
            Responses.failure(ctx, e);
            return;
        }
        String upgrade = ctx.request().getHeader("Upgrade");
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            Responses.error(ctx, 400, "The events endpoint needs a websocket upgrade");
            return;
        }
        EventListener listener = hub.subscribe(types, project);
        Vertx vertx = ctx.vertx();
        ctx.request().toWebSocket().onSuccess(socket -> open(vertx, socket, listener)).onFailure(e -> listener.close());
    }

    private void open(Vertx vertx, ServerWebSocket socket, EventListener listener) {
        socket.closeHandler(v -> listener.close());
        socket.exceptionHandler(e -> listener.close());
        socket.textMessageHandler(text -> {
        });
        socket.binaryMessageHandler(data -> {
        });
        socket.writePing(KEEPALIVE);
        listener.attach(new EventSink() {
            @Override
            public void send(String frame, Runnable written) {
                socket.writeTextMessage(frame).onComplete(done -> written.run());
            }

            @Override
            public void close() {
                if (!socket.isClosed()) {
                    socket.close();
                }
            }
        });
        long every = config.eventPing().toMillis();
        if (every > 0) {
            vertx.setPeriodic(every, timer -> {
                if (listener.isClosed() || socket.isClosed()) {
                    vertx.cancelTimer(timer);
                } else {
                    socket.writePing(KEEPALIVE);
                }
            });
        }
    }

    /** The {@code type} parameter: a comma list of event types, all of them when absent. */
    static Set<String> types(String param) {
        if (param == null || param.isBlank()) {
            return EventHub.TYPES;
        }
        Set<String> types = new LinkedHashSet<>();
        for (String type : param.split(",")) {
            String trimmed = type.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!EventHub.TYPES.contains(trimmed)) {
                throw GatewayError.badRequest("'" + trimmed + "' isn't a supported event type");
            }
            types.add(trimmed);
        }
        return types.isEmpty() ? EventHub.TYPES : types;
    }
}
