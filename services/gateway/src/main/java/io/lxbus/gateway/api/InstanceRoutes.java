package io.lxbus.gateway.api;

import io.lxbus.events.Image;
import io.lxbus.events.ImageAlias;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceCommand;
import io.lxbus.events.Keys;
import io.lxbus.gateway.GatewayConfig;
import io.lxbus.gateway.domain.Filter;
import io.lxbus.gateway.domain.GatewayError;
import io.lxbus.gateway.domain.IfMatch;
import io.lxbus.gateway.domain.InstanceRequests;
import io.lxbus.gateway.domain.LxdImage;
import io.lxbus.gateway.domain.LxdInstance;
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

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * {@code /1.0/instances} (and the old {@code /1.0/containers} paths): reads from the instances and runtime
 * views, writes as commands to the instance service run as async operations ended by their results.
 */
@ApplicationScoped
public class InstanceRoutes {
    /** The collections served, the current name and LXD's old one. */
    static final List<String> COLLECTIONS = List.of("instances", "containers");

    private final StateViews views;
    private final InstanceCommands commands;
    private final Requestors requestors;
    private final LiveStates live;
    private final GatewayConfig config;
    private final Random random = new SecureRandom();

    public InstanceRoutes(StateViews views, InstanceCommands commands, Requestors requestors, LiveStates live,
                          GatewayConfig config) {
        this.views = views;
        this.commands = commands;
        this.requestors = requestors;
        this.live = live;
        this.config = config;
    }

    void routes(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(config.jsonBodyLimit());
        for (String collection : COLLECTIONS) {
            String base = "/1.0/" + collection;
            router.route(HttpMethod.GET, base).handler(ctx -> list(ctx, collection));
            router.route(HttpMethod.POST, base).handler(body).handler(this::create);
            router.route(HttpMethod.GET, base + "/:name").handler(this::get);
            router.route(HttpMethod.PUT, base + "/:name").handler(body).handler(this::replace);
            router.route(HttpMethod.PATCH, base + "/:name").handler(body).handler(this::patch);
            router.route(HttpMethod.POST, base + "/:name").handler(body).handler(this::rename);
            router.route(HttpMethod.DELETE, base + "/:name").handler(this::delete);
        }
    }

    private void list(RoutingContext ctx, String collection) {
        Handlers.guarded(ctx, () -> {
            String project = Projects.of(ctx);
            int level = Recursion.level(ctx.queryParams().get("recursion"));
            Filter filter = Filter.parse(ctx.queryParams().get("filter"));
            Handlers.whenViewsReady(ctx, views, config.commandTimeout(), () -> {
                List<Object> out = new ArrayList<>();
                for (Instance instance : views.instances().withKeyPrefix(project + "/")) {
                    Map<String, Object> object = level >= 2
                            ? LxdInstance.full(instance, live.runtimeOf(instance), null, live.locationOf(instance),
                                    snapshotsOf(instance))
                            : LxdInstance.render(instance, live.locationOf(instance));
                    if (filter.matches(object)) {
                        out.add(level == 0 ? Keys.source(collection, project, instance.name()) : object);
                    }
                }
                Responses.sync(ctx, out);
            });
        });
    }

    private void get(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            String project = Projects.of(ctx);
            String name = ctx.pathParam("name");
            boolean full = Recursion.level(ctx.queryParams().get("recursion")) >= 1;
            Handlers.whenViewsReady(ctx, views, config.commandTimeout(), () -> {
                Instance instance = existing(project, name);
                ctx.response().putHeader("ETag", IfMatch.etag(instance.revision()));
                if (!full) {
                    Responses.sync(ctx, LxdInstance.render(instance, live.locationOf(instance)));
                    return;
                }
                live.of(instance).thenAccept(state -> Handlers.guarded(ctx, () -> Responses.sync(ctx,
                        LxdInstance.full(instance, live.runtimeOf(instance), state.orElse(null),
                                live.locationOf(instance), snapshotsOf(instance)))));
            });
        });
    }

    private void create(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            String project = Projects.of(ctx);
            byte[] body = Handlers.bytes(ctx);
            Handlers.whenViewsReady(ctx, views, config.commandTimeout(), () -> {
                var command = InstanceRequests.create(project, body, images(project), random);
                start(ctx, "Creating instance", project, command.name(), true, command);
            });
        });
    }

    private void replace(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            Long revision = IfMatch.revision(ctx.request().getHeader("If-Match"));
            String project = Projects.of(ctx);
            var restore = SnapshotRequests.restore(project, ctx.pathParam("name"), Handlers.bytes(ctx));
            if (restore != null) {
                whenExists(ctx, project, restore.name(),
                        () -> start(ctx, "Restoring snapshot", project, restore.name(), true, restore));
                return;
            }
            var command = InstanceRequests.replace(project, ctx.pathParam("name"), Handlers.bytes(ctx), revision);
            whenExists(ctx, project, command.name(),
                    () -> start(ctx, "Updating instance", project, command.name(), true, command));
        });
    }

    private void patch(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            Long revision = IfMatch.revision(ctx.request().getHeader("If-Match"));
            String project = Projects.of(ctx);
            var command = InstanceRequests.patch(project, ctx.pathParam("name"), Handlers.bytes(ctx), revision);
            whenExists(ctx, project, command.name(),
                    () -> start(ctx, "Updating instance", project, command.name(), true, command));
        });
    }

    private void rename(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            String project = Projects.of(ctx);
            var command = InstanceRequests.rename(project, ctx.pathParam("name"), Handlers.bytes(ctx));
            whenExists(ctx, project, command.name(),
                    () -> start(ctx, "Renaming instance", project, command.name(), true, command));
        });
    }

    private void delete(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            String project = Projects.of(ctx);
            var command = InstanceRequests.delete(project, ctx.pathParam("name"));
            whenExists(ctx, project, command.name(),
                    () -> start(ctx, "Deleting instance", project, command.name(), true, command));
        });
    }

    private List<io.lxbus.events.Snapshot> snapshotsOf(Instance instance) {
        return views.snapshots().withKeyPrefix(Keys.snapshot(instance.project(), instance.name(), "")).stream()
                .filter(s -> s.instance().equals(instance.name()))
                .sorted(java.util.Comparator.comparing(io.lxbus.events.Snapshot::createdAt,
                        java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())))
                .toList();
    }

    /** Answers 404 unless the views (once caught up) hold the instance. */
    private void whenExists(RoutingContext ctx, String project, String name, Runnable then) {
        Handlers.whenViewsReady(ctx, views, config.commandTimeout(), () -> {
            existing(project, name);
            then.run();
        });
    }

    private Instance existing(String project, String name) {
        return views.instances().get(Keys.resource(project, name))
                .orElseThrow(() -> new GatewayError(io.lxbus.events.ErrorCode.NOT_FOUND, "Instance not found"));
    }

    /** Sends the command as an async operation and answers 202 with it. */
    void start(RoutingContext ctx, String description, String project, String name, boolean withContainers,
               InstanceCommand command) {
        Responses.async(ctx, commands.startOperation(OperationSpec.task(description, project,
                resources(project, name, withContainers)), command, requestors.of(ctx.request())));
    }

    /** LXD's operation resources: {@code instances} always, {@code containers} too for create, update, delete. */
    static Map<String, List<String>> resources(String project, String name, boolean withContainers) {
        List<String> instances = List.of(Keys.source("instances", project, name));
        return withContainers
                ? Map.of("containers", List.of(Keys.source("containers", project, name)), "instances", instances)
                : Map.of("instances", instances);
    }

    private InstanceRequests.ImageLookup images(String project) {
        return new InstanceRequests.ImageLookup() {
            @Override
            public Optional<String> aliasTarget(String alias) {
                return views.aliases().get(Keys.resource(project, alias)).map(ImageAlias::target);
            }

            @Override
            public Optional<String> fingerprint(String prefix) {
                try {
                    return Optional.of(LxdImage.resolve(prefix, views.images().withKeyPrefix(project + "/").stream()
                            .map(Image::fingerprint).toList()));
                } catch (GatewayError e) {
                    return Optional.empty();
                }
            }
        };
    }
}
