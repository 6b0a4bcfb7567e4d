package io.lxbus.gateway.api;

import io.lxbus.events.Operation;
import io.lxbus.gateway.domain.GatewayError;
import io.lxbus.gateway.domain.OperationRegistry;
import io.lxbus.gateway.domain.Recursion;
import io.lxbus.gateway.messaging.Operations;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code /1.0/operations}: list grouped by status, get, wait and cancel. */
@ApplicationScoped
public class OperationRoutes {
    private final OperationRegistry registry;

    public OperationRoutes(Operations operations) {
        this.registry = operations.registry();
    }

    void routes(@Observes Router router) {
        router.route(HttpMethod.GET, "/1.0/operations").handler(this::list);
        router.route(HttpMethod.GET, "/1.0/operations/:id").handler(this::get);
        router.route(HttpMethod.DELETE, "/1.0/operations/:id").handler(this::cancel);
        router.route(HttpMethod.GET, "/1.0/operations/:id/wait").handler(this::await);
    }

    private void list(RoutingContext ctx) {
        int level = Recursion.level(ctx.queryParams().get("recursion"));
        Map<String, List<Object>> groups = new LinkedHashMap<>();
        registry.byStatus().forEach((status, operations) -> groups.put(status,
                Recursion.render(level, operations, op -> OperationPaths.url(op.id()), op -> op)));
        Responses.sync(ctx, groups);
    }

    private void get(RoutingContext ctx) {
        Optional<Operation> operation = registry.get(ctx.pathParam("id"));
        if (operation.isEmpty()) {
            Responses.error(ctx, 404, "Operation not found");
            return;
        }
        Responses.sync(ctx, operation.get());
    }

    private void cancel(RoutingContext ctx) {
        try {
            registry.cancel(ctx.pathParam("id"));
            Responses.sync(ctx, Map.of());
        } catch (GatewayError e) {
            Responses.failure(ctx, e);
        }
    }

    private void await(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        long timeout;
        try {
            String param = ctx.queryParams().get("timeout");
            timeout = param == null || param.isEmpty() ? -1 : Long.parseLong(param.trim());
        } catch (NumberFormatException e) {
            Responses.error(ctx, 400, "Invalid timeout: " + ctx.queryParams().get("timeout"));
            return;
        }
        Optional<CompletableFuture<Operation>> done = registry.whenFinal(id);
        if (done.isEmpty()) {
            Responses.error(ctx, 404, "Operation not found");
            return;
        }
        CompletableFuture<Operation> wait = done.get().copy();
        if (timeout >= 0) {
            wait = wait.completeOnTimeout(null, timeout, TimeUnit.SECONDS);
        }
        wait.whenComplete((finished, failure) -> {
            Operation now = finished != null ? finished : registry.get(id).orElse(null);
            if (now == null) {
                Responses.error(ctx, 404, "Operation not found");
            } else {
                Responses.sync(ctx, now);
            }
        });
    }
}
