package io.lxbus.gateway.api;

import io.lxbus.events.ErrorCode;
import io.lxbus.events.InstanceCommand;
import io.lxbus.events.Keys;
import io.lxbus.events.Snapshot;
import io.lxbus.gateway.GatewayConfig;
import io.lxbus.gateway.domain.GatewayError;
import io.lxbus.gateway.domain.IfMatch;
import io.lxbus.gateway.domain.InstanceRequests;
import io.lxbus.gateway.domain.LxdSnapshot;
import io.lxbus.gateway.domain.OperationSpec;
import io.lxbus.gateway.domain.Recursion;
import io.lxbus.gateway.domain.SnapshotRequests;
import io.lxbus.gateway.messaging.InstanceCommands;
import io.lxbus.gateway.messaging.StateViews;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.Map;

/**
 * {@code /1.0/instances/{name}/snapshots[/{snapshot}]}: reads from the snapshots view, writes (take, update, rename,
 * delete) as commands to the instance service run as async operations, as LXD's client expects.
 */
@ApplicationScoped
public class SnapshotRoutes {
    private final StateViews views;
    private final InstanceCommands commands;
    private final Requestors requestors;
    private final GatewayConfig config;

    public SnapshotRoutes(StateViews views, InstanceCommands commands, Requestors requestors, GatewayConfig config) {
        this.views = views;
        this.commands = commands;
        this.requestors = requestors;
        this.config = config;
    }

    void routes(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(config.jsonBodyLimit());
        for (String collection : InstanceRoutes.COLLECTIONS) {
            String base = "/1.0/" + collection + "/:name/snapshots";
            router.route(HttpMethod.GET, base).handler(this::list);
            router.route(HttpMethod.POST, base).handler(body).handler(this::create);
            router.route(HttpMethod.GET, base + "/:snapshot").handler(this::get);
            router.route(HttpMethod.PUT, base + "/:snapshot").handler(body).handler(ctx -> update(ctx, false));
            router.route(HttpMethod.PATCH, base + "/:snapshot").handler(body).handler(ctx -> update(ctx, true));
            router.route(HttpMethod.POST, base + "/:snapshot").handler(body).handler(this::rename);
            router.route(HttpMethod.DELETE, base + "/:snapshot").handler(this::delete);
        }
    }

    private void list(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            String project = Projects.of(ctx);
            String name = ctx.pathParam("name");
            InstanceRequests.checkName(name);
            int level = Recursion.level(ctx.queryParams().get("recursion"));
            Handlers.whenViewsReady(ctx, views, config.commandTimeout(), () -> {
                instance(project, name);
                Responses.sync(ctx, Recursion.render(level, of(project, name), LxdSnapshot::url,
                        LxdSnapshot::render));
            });
        });
    }

    private void get(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            Target at = target(ctx);
            Handlers.whenViewsReady(ctx, views, config.commandTimeout(), () -> {
                Snapshot found = existing(at.project(), at.name(), at.snapshot());
                ctx.response().putHeader("ETag", IfMatch.etag(found.revision()));
                Responses.sync(ctx, LxdSnapshot.render(found));
            });
        });
    }

    private void create(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            String project = Projects.of(ctx);
            var command = SnapshotRequests.create(project, ctx.pathParam("name"), Handlers.bytes(ctx));
            Handlers.whenViewsReady(ctx, views, config.commandTimeout(), () -> {
                instance(project, command.instance());
                start(ctx, "Snapshotting instance", project, command.instance(), command.name(), command);
            });
        });
    }

    private void update(RoutingContext ctx, boolean patch) {
        Handlers.guarded(ctx, () -> {
            String project = Projects.of(ctx);
            var command = SnapshotRequests.update(project, ctx.pathParam("name"), ctx.pathParam("snapshot"),
                    Handlers.bytes(ctx), patch);
            whenExists(ctx, project, command.instance(), command.name(), () -> start(ctx, "Updating snapshot",
                    project, command.instance(), command.name(), command));
        });
    }

    private void rename(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            String project = Projects.of(ctx);
            var command = SnapshotRequests.rename(project, ctx.pathParam("name"), ctx.pathParam("snapshot"),
                    Handlers.bytes(ctx));
            whenExists(ctx, project, command.instance(), command.name(), () -> start(ctx, "Renaming snapshot",
                    project, command.instance(), command.name(), command));
        });
    }

    private void delete(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            Target at = target(ctx);
            whenExists(ctx, at.project(), at.name(), at.snapshot(), () -> start(ctx, "Deleting snapshot",
                    at.project(), at.name(), at.snapshot(),
                    new io.lxbus.events.DeleteSnapshot(at.project(), at.name(), at.snapshot())));
        });
    }

    /** The instance's snapshots, oldest first (LXD's order). */
    List<Snapshot> of(String project, String instance) {
        return views.snapshots().withKeyPrefix(Keys.snapshot(project, instance, "")).stream()
                .filter(s -> s.instance().equals(instance))
                .sorted(java.util.Comparator.comparing(Snapshot::createdAt,
                        java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
                        .thenComparing(Snapshot::name))
                .toList();
    }

    private void whenExists(RoutingContext ctx, String project, String instance, String snapshot, Runnable then) {
        Handlers.whenViewsReady(ctx, views, config.commandTimeout(), () -> {
            existing(project, instance, snapshot);
            then.run();
        });
    }

    private void instance(String project, String name) {
        views.instances().get(Keys.resource(project, name))
                .orElseThrow(() -> new GatewayError(ErrorCode.NOT_FOUND, "Instance not found"));
    }

    private Snapshot existing(String project, String instance, String snapshot) {
        instance(project, instance);
        return views.snapshots().get(Keys.snapshot(project, instance, snapshot))
                .orElseThrow(() -> new GatewayError(ErrorCode.NOT_FOUND, "Snapshot not found"));
    }

    private void start(RoutingContext ctx, String description, String project, String instance, String snapshot,
                       InstanceCommand command) {
        Map<String, List<String>> resources = new java.util.LinkedHashMap<>(
                InstanceRoutes.resources(project, instance, true));
        if (snapshot != null && !snapshot.isEmpty()) {
            resources.put("instances_snapshots",
                    List.of(Keys.source("instances", project, instance + "/snapshots/" + snapshot)));
        }
        Responses.async(ctx, commands.startOperation(OperationSpec.task(description, project, resources), command,
                requestors.of(ctx.request())));
    }

    /** The snapshot a request's path names, its names checked. */
    private record Target(String project, String name, String snapshot) {
    }

    private static Target target(RoutingContext ctx) {
        Target at = new Target(Projects.of(ctx), ctx.pathParam("name"), ctx.pathParam("snapshot"));
        InstanceRequests.checkName(at.name());
        SnapshotRequests.checkName(at.snapshot());
        return at;
    }
}
