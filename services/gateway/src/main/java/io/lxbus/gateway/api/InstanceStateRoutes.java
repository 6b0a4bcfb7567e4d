package io.lxbus.gateway.api;

import io.lxbus.events.ErrorCode;
import io.lxbus.events.Instance;
import io.lxbus.events.Keys;
import io.lxbus.gateway.GatewayConfig;
import io.lxbus.gateway.domain.GatewayError;
import io.lxbus.gateway.domain.InstanceRequests;
import io.lxbus.gateway.domain.LxdInstance;
import io.lxbus.gateway.messaging.StateViews;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code /1.0/instances/{name}/state}: GET is sync (status and pid from the views, usage live from the
 * executor), PUT starts, stops, restarts, freezes or unfreezes as an async operation.
 */
@ApplicationScoped
public class InstanceStateRoutes {
    private final StateViews views;
    private final InstanceRoutes instances;
    private final LiveStates live;
    private final GatewayConfig config;

    public InstanceStateRoutes(StateViews views, InstanceRoutes instances, LiveStates live, GatewayConfig config) {
        this.views = views;
        this.instances = instances;
        this.live = live;
        this.config = config;
    }

    void routes(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(config.jsonBodyLimit());
        for (String collection : InstanceRoutes.COLLECTIONS) {
            String path = "/1.0/" + collection + "/:name/state";
            router.route(HttpMethod.GET, path).handler(this::get);
            router.route(HttpMethod.PUT, path).handler(body).handler(this::change);
        }
    }

    private void get(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            String project = Projects.of(ctx);
            String name = ctx.pathParam("name");
            Handlers.whenViewsReady(ctx, views, config.commandTimeout(), () -> {
                Instance instance = existing(project, name);
                live.of(instance).thenAccept(state -> Handlers.guarded(ctx, () -> Responses.sync(ctx,
                        LxdInstance.state(instance, live.runtimeOf(instance), state.orElse(null)))));
            });
        });
    }

    private void change(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            String project = Projects.of(ctx);
            var command = InstanceRequests.changeState(project, ctx.pathParam("name"), Handlers.bytes(ctx));
            Handlers.whenViewsReady(ctx, views, config.commandTimeout(), () -> {
                existing(project, command.name());
                instances.start(ctx, InstanceRequests.STATE_ACTIONS.get(command.action()), project, command.name(),
                        false, command);
            });
        });
    }

    private Instance existing(String project, String name) {
        InstanceRequests.checkName(name);
        return views.instances().get(Keys.resource(project, name))
                .orElseThrow(() -> new GatewayError(ErrorCode.NOT_FOUND, "Instance not found"));
    }
}
