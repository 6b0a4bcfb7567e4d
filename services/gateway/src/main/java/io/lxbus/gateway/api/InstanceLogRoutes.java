package io.lxbus.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lxbus.events.Actions;
import io.lxbus.events.Keys;
import io.lxbus.events.Requestor;
import io.lxbus.events.wire.Json;
import io.lxbus.gateway.internal.ExecutorStreams;
import io.lxbus.gateway.messaging.InstanceFacts;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An instance's logs from the executor of its host: {@code GET /1.0/instances/{name}/logs} (URLs of {@code lxc.log}
 * and {@code console.log}), {@code GET …/logs/{file}} (streamed), and the console log at {@code GET …/console}
 * ({@code lxc console --show-log}) and {@code DELETE …/console}. {@code …/logs/exec-output/…} is not served here.
 */
@ApplicationScoped
public class InstanceLogRoutes {
    private static final List<String> REPLY_HEADERS = List.of("Content-Type", "Content-Length");
    private final InstanceData data;
    private final InstanceFacts facts;
    private final Requestors requestors;

    public InstanceLogRoutes(InstanceData data, InstanceFacts facts, Requestors requestors) {
        this.data = data;
        this.facts = facts;
        this.requestors = requestors;
    }

    void routes(@Observes Router router) {
        for (String collection : InstanceData.COLLECTIONS) {
            String base = "/1.0/" + collection + "/:name";
            router.route(HttpMethod.GET, base + "/logs").handler(ctx -> list(ctx, collection));
            router.route(HttpMethod.GET, base + "/logs/:file").handler(this::file);
            router.route(HttpMethod.GET, base + "/console").handler(this::consoleLog);
            router.route(HttpMethod.DELETE, base + "/console").handler(this::clearConsoleLog);
        }
    }

    private void list(RoutingContext ctx, String collection) {
        data.withInstance(ctx, instance -> data.call(ctx, instance, HttpMethod.GET, "/logs",
                MultiMap.caseInsensitiveMultiMap(), null, (response, c) -> {
                    if (response.statusCode() != 200) {
                        InstanceData.error(ctx, response);
                        return;
                    }
                    response.body().onComplete(body -> Handlers.guarded(ctx, () -> {
                        List<String> urls = new ArrayList<>();
                        for (JsonNode name : names(body.result().getBytes())) {
                            urls.add(Keys.source(collection, instance.project(), instance.name()).replaceFirst(
                                    "\\?.*$", "") + "/logs/" + name.asText());
                        }
                        Responses.sync(ctx, urls);
                    }));
                }));
    }

    private void file(RoutingContext ctx) {
        Requestor who = requestors.of(ctx.request());
        String file = ctx.pathParam("file");
        data.withInstance(ctx, instance -> data.call(ctx, instance, HttpMethod.GET, "/logs/"
                + ExecutorStreams.encode(file), MultiMap.caseInsensitiveMultiMap(), null, (response, c) -> {
                    if (response.statusCode() != 200) {
                        InstanceData.error(ctx, response);
                        return;
                    }
                    InstanceData.passThrough(ctx, response, REPLY_HEADERS, () -> facts.record(instance.project(),
                            instance.name(), Actions.INSTANCE_LOG_RETRIEVED, Map.of("file", file), who));
                }));
    }

    private void consoleLog(RoutingContext ctx) {
        Requestor who = requestors.of(ctx.request());
        data.withInstance(ctx, instance -> data.call(ctx, instance, HttpMethod.GET, "/console",
                MultiMap.caseInsensitiveMultiMap(), null, (response, c) -> {
                    if (response.statusCode() != 200) {
                        InstanceData.error(ctx, response);
                        return;
                    }
                    InstanceData.passThrough(ctx, response, REPLY_HEADERS, () -> facts.record(instance.project(),
                            instance.name(), Actions.INSTANCE_CONSOLE_RETRIEVED, Map.of(), who));
                }));
    }

    private void clearConsoleLog(RoutingContext ctx) {
        Requestor who = requestors.of(ctx.request());
        data.withInstance(ctx, instance -> data.call(ctx, instance, HttpMethod.DELETE, "/console",
                MultiMap.caseInsensitiveMultiMap(), null, (response, c) -> {
                    if (response.statusCode() != 200) {
                        InstanceData.error(ctx, response);
                        return;
                    }
                    response.body().onComplete(ignored -> {
                        Responses.sync(ctx, Map.of());
                        facts.record(instance.project(), instance.name(), Actions.INSTANCE_CONSOLE_RESET, Map.of(),
                                who);
                    });
                }));
    }

    private static JsonNode names(byte[] json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("The executor sent an unreadable list of logs", e);
        }
    }
}
