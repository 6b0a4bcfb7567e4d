package io.lxbus.gateway.api;

import io.lxbus.events.ErrorCode;
import io.lxbus.events.Image;
import io.lxbus.events.ImageAlias;
import io.lxbus.events.Keys;
import io.lxbus.events.StorageCommand;
import io.lxbus.gateway.GatewayConfig;
import io.lxbus.gateway.domain.Filter;
import io.lxbus.gateway.domain.GatewayError;
import io.lxbus.gateway.domain.IfMatch;
import io.lxbus.gateway.domain.ImageRequests;
import io.lxbus.gateway.domain.LxdImage;
import io.lxbus.gateway.domain.Recursion;
import io.lxbus.gateway.messaging.StateViews;
import io.lxbus.gateway.messaging.StorageCommands;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** {@code /1.0/images/aliases}: reads from the aliases view; every write is a sync storage command. */
@ApplicationScoped
public class ImageAliasRoutes {
    private static final String BASE = "/1.0/images/aliases";

    private final StateViews views;
    private final StorageCommands commands;
    private final Requestors requestors;
    private final GatewayConfig config;

    public ImageAliasRoutes(StateViews views, StorageCommands commands, Requestors requestors, GatewayConfig config) {
        this.views = views;
        this.commands = commands;
        this.requestors = requestors;
        this.config = config;
    }

    /** Adds the alias routes; {@link ImageRoutes} calls it before adding its own. */
    void register(Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(config.jsonBodyLimit());
        router.route(HttpMethod.GET, BASE).handler(this::list);
        router.route(HttpMethod.POST, BASE).handler(body).handler(this::create);
        router.route(HttpMethod.GET, BASE + "/:name").handler(this::get);
        router.route(HttpMethod.PUT, BASE + "/:name").handler(body).handler(this::replace);
        router.route(HttpMethod.PATCH, BASE + "/:name").handler(body).handler(this::patch);
        router.route(HttpMethod.POST, BASE + "/:name").handler(body).handler(this::rename);
        router.route(HttpMethod.DELETE, BASE + "/:name").handler(this::delete);
    }

    private void list(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            String project = Projects.of(ctx);
            int level = Recursion.level(ctx.queryParams().get("recursion"));
            Filter filter = Filter.parse(ctx.queryParams().get("filter"));
            Handlers.whenViewsReady(ctx, views, config.commandTimeout(), () -> {
                List<Object> out = new ArrayList<>();
                for (ImageAlias alias : views.aliases().withKeyPrefix(project + "/")) {
                    Map<String, Object> object = LxdImage.alias(alias);
                    if (filter.matches(object)) {
                        out.add(level == 0 ? Keys.source("images/aliases", project, alias.name()) : object);
                    }
                }
                Responses.sync(ctx, out);
            });
        });
    }

    private void get(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            String project = Projects.of(ctx);
            Handlers.whenViewsReady(ctx, views, config.commandTimeout(), () -> {
                ImageAlias alias = existing(project, ctx.pathParam("name"));
                ctx.response().putHeader("ETag", IfMatch.etag(alias.revision()));
                Responses.sync(ctx, LxdImage.alias(alias));
            });
        });
    }

    private void create(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            String project = Projects.of(ctx);
            byte[] body = Handlers.bytes(ctx);
            Handlers.whenViewsReady(ctx, views, config.commandTimeout(), () -> {
                var command = ImageRequests.createAlias(project, body, resolver(project));
                send(ctx, command, result -> Responses.created(ctx, Keys.source("images/aliases", project,
                        command.name())));
            });
        });
    }

    private void replace(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            Long revision = IfMatch.revision(ctx.request().getHeader("If-Match"));
            String project = Projects.of(ctx);
            byte[] body = Handlers.bytes(ctx);
            Handlers.whenViewsReady(ctx, views, config.commandTimeout(), () -> {
                checkRevision(existing(project, ctx.pathParam("name")), revision);
                send(ctx, ImageRequests.replaceAlias(project, ctx.pathParam("name"), body, resolver(project)),
                        result -> Responses.sync(ctx, Map.of()));
            });
        });
    }

    private void patch(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            Long revision = IfMatch.revision(ctx.request().getHeader("If-Match"));
            String project = Projects.of(ctx);
            byte[] body = Handlers.bytes(ctx);
            Handlers.whenViewsReady(ctx, views, config.commandTimeout(), () -> {
                ImageAlias alias = existing(project, ctx.pathParam("name"));
                checkRevision(alias, revision);
                send(ctx, ImageRequests.patchAlias(alias, body, resolver(project)),
                        result -> Responses.sync(ctx, Map.of()));
            });
        });
    }

    private void rename(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            String project = Projects.of(ctx);
            var command = ImageRequests.renameAlias(project, ctx.pathParam("name"), Handlers.bytes(ctx));
            send(ctx, command, result -> Responses.created(ctx, Keys.source("images/aliases", project,
                    command.newName())));
        });
    }

    private void delete(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> send(ctx, ImageRequests.deleteAlias(Projects.of(ctx), ctx.pathParam("name")),
                result -> Responses.sync(ctx, Map.of())));
    }

    private void send(RoutingContext ctx, StorageCommand command, Consumer<io.lxbus.events.Result> onSuccess) {
        Handlers.answer(ctx, commands.send(command, UUID.randomUUID().toString(), requestors.of(ctx.request())),
                "storage service", onSuccess);
    }

    /** A fingerprint prefix to the whole fingerprint when one image matches; else as given (the owner decides). */
    private UnaryOperator<String> resolver(String project) {
        return prefix -> {
            try {
                return LxdImage.resolve(prefix, views.images().withKeyPrefix(project + "/").stream()
                        .map(Image::fingerprint).toList());
            } catch (GatewayError e) {
                return prefix;
            }
        };
    }

    private ImageAlias existing(String project, String name) {
        ImageRequests.checkAlias(name);
        return views.aliases().get(Keys.resource(project, name))
                .orElseThrow(() -> new GatewayError(ErrorCode.NOT_FOUND, "Image alias not found"));
    }

    private static void checkRevision(ImageAlias alias, Long revision) {
        if (revision != null && revision != alias.revision()) {
            throw new GatewayError(ErrorCode.PRECONDITION_FAILED,
                    "ETag doesn't match: " + IfMatch.etag(revision) + " vs " + IfMatch.etag(alias.revision()));
        }
    }
}
