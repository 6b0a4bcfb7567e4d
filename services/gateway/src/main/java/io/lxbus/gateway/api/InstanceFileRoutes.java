package io.lxbus.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lxbus.events.Actions;
import io.lxbus.events.Instance;
import io.lxbus.events.Requestor;
import io.lxbus.events.wire.Json;
import io.lxbus.gateway.domain.GatewayError;
import io.lxbus.gateway.internal.ExecutorStreams;
import io.lxbus.gateway.messaging.InstanceFacts;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code /1.0/instances/{name}/files?path=}: GET (a file's bytes, a folder's names, a symlink's target), POST (a
 * file, folder or symlink; {@code X-LXD-uid/gid/mode/type/write}) and DELETE, as LXD answers them. The work is done by
 * the executor of the instance's host, contents streamed through; the facts ({@code instance-file-pushed},
 * {@code -retrieved}, {@code -deleted}) go to the instance service once it succeeded.
 */
@ApplicationScoped
public class InstanceFileRoutes {
    private static final List<String> REQUEST_HEADERS = List.of("X-LXD-uid", "X-LXD-gid", "X-LXD-mode", "X-LXD-type",
            "X-LXD-write");
    private static final List<String> REPLY_HEADERS = List.of("Content-Type", "Content-Length", "X-LXD-uid",
            "X-LXD-gid", "X-LXD-mode", "X-LXD-type", "X-LXD-modified");

    private final InstanceData data;
    private final InstanceFacts facts;
    private final Requestors requestors;

    public InstanceFileRoutes(InstanceData data, InstanceFacts facts, Requestors requestors) {
        this.data = data;
        this.facts = facts;
        this.requestors = requestors;
    }

    void routes(@Observes Router router) {
        for (String collection : InstanceData.COLLECTIONS) {
            String path = "/1.0/" + collection + "/:name/files";
            router.route(HttpMethod.GET, path).handler(this::pull);
            router.route(HttpMethod.POST, path).handler(this::push);
            router.route(HttpMethod.DELETE, path).handler(this::delete);
        }
    }

    private void pull(RoutingContext ctx) {
        Requestor who = requestors.of(ctx.request());
        data.withInstance(ctx, instance -> {
            String path = path(ctx);
            data.call(ctx, instance, HttpMethod.GET, query(path), MultiMap.caseInsensitiveMultiMap(), null,
                    (response, c) -> {
                        if (response.statusCode() != 200) {
                            InstanceData.error(ctx, response);
                        } else if ("directory".equals(response.getHeader("X-LXD-type"))) {
                            listing(ctx, response, () -> fact(who, instance, Actions.INSTANCE_FILE_RETRIEVED, path));
                        } else {
                            InstanceData.passThrough(ctx, response, REPLY_HEADERS,
                                    () -> fact(who, instance, Actions.INSTANCE_FILE_RETRIEVED, path));
                        }
                    });
        });
    }

    private void push(RoutingContext ctx) {
        ctx.request().pause();
        Requestor who = requestors.of(ctx.request());
        data.withInstance(ctx, instance -> {
            String path = path(ctx);
            MultiMap headers = MultiMap.caseInsensitiveMultiMap();
            REQUEST_HEADERS.forEach(name -> {
                String value = ctx.request().getHeader(name);
                if (value != null) {
                    headers.add(name, value);
                }
            });
            data.call(ctx, instance, HttpMethod.POST, query(path), headers, ctx.request(), (response, c) -> {
                if (response.statusCode() != 200) {
                    InstanceData.error(ctx, response);
                    return;
                }
                response.body().onComplete(ignored -> {
                    Responses.sync(ctx, Map.of());
                    fact(who, instance, Actions.INSTANCE_FILE_PUSHED, path);
                });
            });
        });
    }

    private void delete(RoutingContext ctx) {
        Requestor who = requestors.of(ctx.request());
        data.withInstance(ctx, instance -> {
            String path = path(ctx);
            data.call(ctx, instance, HttpMethod.DELETE, query(path), MultiMap.caseInsensitiveMultiMap(), null,
                    (response, c) -> {
                        if (response.statusCode() != 200) {
                            InstanceData.error(ctx, response);
                            return;
                        }
                        response.body().onComplete(ignored -> {
                            Responses.sync(ctx, Map.of());
                            fact(who, instance, Actions.INSTANCE_FILE_DELETED, path);
                        });
                    });
        });
    }

    /** A folder: the executor's JSON list of names, as LXD's sync answer with the X-LXD headers. */
    private static void listing(RoutingContext ctx, HttpClientResponse response, Runnable done) {
        response.body().onComplete(body -> Handlers.guarded(ctx, () -> {
            if (body.failed()) {
                throw new GatewayError(io.lxbus.events.ErrorCode.UNAVAILABLE, "The executor broke off: "
                        + body.cause().getMessage());
            }
            JsonNode names;
            try {
                names = Json.mapper().readTree(body.result().getBytes());
            } catch (IOException e) {
                throw new IllegalStateException("The executor sent an unreadable listing", e);
            }
            for (String name : REPLY_HEADERS.subList(2, REPLY_HEADERS.size())) {
                String value = response.getHeader(name);
                if (value != null) {
                    ctx.response().putHeader(name, value);
                }
            }
            Responses.sync(ctx, names);
            done.run();
        }));
    }

    private void fact(Requestor who, Instance instance, String action, String path) {
        facts.record(instance.project(), instance.name(), action, Map.of("path", path), who);
    }

    /** The {@code path} parameter with a leading {@code /} (LXD accepts it without); 400 when missing. */
    private static String path(RoutingContext ctx) {
        String path = ctx.queryParams().get("path");
        if (path == null || path.isEmpty()) {
            throw GatewayError.badRequest("Missing path argument");
        }
        return path.startsWith("/") ? path : "/" + path;
    }

    private static String query(String path) {
        return "/files?path=" + ExecutorStreams.encode(path);
    }
}
