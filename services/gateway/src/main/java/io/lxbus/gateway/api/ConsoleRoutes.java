package io.lxbus.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lxbus.events.Actions;
import io.lxbus.events.InstanceRuntime;
import io.lxbus.events.Keys;
import io.lxbus.events.Requestor;
import io.lxbus.events.wire.Json;
import io.lxbus.gateway.GatewayConfig;
import io.lxbus.gateway.domain.GatewayError;
import io.lxbus.gateway.domain.OperationSpec;
import io.lxbus.gateway.internal.ExecutorStreams;
import io.lxbus.gateway.messaging.InstanceFacts;
import io.lxbus.gateway.messaging.Operations;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code lxc console}: {@code POST /1.0/instances/{name}/console} ({@code type: console}) makes a websocket
 * operation with two sockets, {@code 0} (the console's bytes both ways) and {@code control} (window size); once the
 * client connected both at {@code /1.0/operations/{id}/websocket?secret=}, the gateway opens the executor's
 * {@code /internal/instances/{uuid}/console/attach} and joins them. The client detaches (ctrl+a q) by closing
 * {@code control}; that, or the console ending on the host, ends the operation with success.
 */
@ApplicationScoped
public class ConsoleRoutes {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final InstanceData data;
    private final Operations operations;
    private final InstanceFacts facts;
    private final Requestors requestors;
    private final ExecutorStreams calls;
    private final Vertx vertx;
    private final GatewayConfig config;
    private final Map<String, ConsoleLink> links = new ConcurrentHashMap<>();

    public ConsoleRoutes(InstanceData data, Operations operations, InstanceFacts facts, Requestors requestors,
                         ExecutorStreams calls, Vertx vertx, GatewayConfig config) {
        this.data = data;
        this.operations = operations;
        this.facts = facts;
        this.requestors = requestors;
        this.calls = calls;
        this.vertx = vertx;
        this.config = config;
    }

    void routes(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(config.jsonBodyLimit());
        for (String collection : InstanceData.COLLECTIONS) {
            router.route(HttpMethod.POST, "/1.0/" + collection + "/:name/console").handler(body).handler(this::open);
        }
        router.route(HttpMethod.GET, "/1.0/operations/:id/websocket").handler(this::socket);
    }

    private void open(RoutingContext ctx) {
        Requestor who = requestors.of(ctx.request());
        data.withInstance(ctx, instance -> {
            JsonNode request = request(Handlers.bytes(ctx));
            String type = request.path("type").asText("console");
            if (!type.isEmpty() && !type.equals("console")) {
                throw GatewayError.badRequest("Unknown console type \"" + type + "\" (containers have only \"console\")");
            }
            InstanceRuntime runtime = data.runtimeOf(instance);
            if (runtime == null || !"Running".equals(runtime.status())) {
                throw GatewayError.badRequest(runtime != null && "Frozen".equals(runtime.status())
                        ? "Instance is frozen" : "Instance is not running");
            }
            String address = data.executorOf(instance);
            Map<String, String> fds = new LinkedHashMap<>();
            fds.put("0", secret());
            fds.put("control", secret());
            String uri = "/internal/instances/" + ExecutorStreams.encode(instance.uuid()) + "/console/attach?width="
                    + request.path("width").asInt(0) + "&height=" + request.path("height").asInt(0);
            OperationSpec spec = new OperationSpec("websocket", "Showing console", instance.project(),
                    Map.of("instances", List.of(Keys.source("instances", instance.project(), instance.name()))),
                    Map.of("fds", fds), false);
            var operation = operations.registry().create(spec, (id, progress) -> {
                ConsoleLink link = new ConsoleLink(vertx, fds, () -> calls.duplex(address, uri),
                        () -> facts.record(instance.project(), instance.name(), Actions.INSTANCE_CONSOLE,
                                Map.of("type", "console"), who));
                links.put(id, link);
                return link.done().whenComplete((outcome, failure) -> links.remove(id));
            });
            Responses.async(ctx, operation);
        });
    }

    /** A client's socket of a console operation; other operations' sockets go to the next route. */
    private void socket(RoutingContext ctx) {
        ConsoleLink link = links.get(ctx.pathParam("id"));
        if (link == null) {
            ctx.next();
            return;
        }
        String fd = link.fdOf(ctx.queryParams().get("secret"));
        if (fd == null) {
            Responses.error(ctx, 403, "Wrong secret");
            return;
        }
        ctx.request().toWebSocket().onComplete(upgraded -> {
            if (upgraded.succeeded()) {
                link.connected(fd, upgraded.result());
            }
        });
    }

    private static JsonNode request(byte[] body) {
        if (body.length == 0) {
            return Json.mapper().createObjectNode();
        }
        try {
            JsonNode node = Json.mapper().readTree(body);
            if (node == null || !node.isObject()) {
                throw GatewayError.badRequest("The console request must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw GatewayError.badRequest(e.getMessage());
        }
    }

    private static String secret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
