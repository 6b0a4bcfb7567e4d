package io.lxbus.gateway.api;

import io.lxbus.events.Instance;
import io.lxbus.events.InstanceCommand;
import io.lxbus.events.Keys;
import io.lxbus.events.Profile;
import io.lxbus.events.Result;
import io.lxbus.gateway.GatewayConfig;
import io.lxbus.gateway.domain.Filter;
import io.lxbus.gateway.domain.GatewayError;
import io.lxbus.gateway.domain.IfMatch;
import io.lxbus.gateway.domain.ProfileRequests;
import io.lxbus.gateway.domain.Recursion;
import io.lxbus.gateway.domain.UsedBy;
import io.lxbus.gateway.messaging.InstanceCommands;
import io.lxbus.gateway.messaging.StateViews;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/** {@code /1.0/profiles}: reads from the profiles view, writes as commands answered synchronously, as LXD does. */
@ApplicationScoped
public class ProfileRoutes {
    private final StateViews views;
    private final InstanceCommands commands;
    private final Requestors requestors;
    private final GatewayConfig config;

    public ProfileRoutes(StateViews views, InstanceCommands commands, Requestors requestors, GatewayConfig config) {
        this.views = views;
        this.commands = commands;
        this.requestors = requestors;
        this.config = config;
    }

    void routes(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(config.jsonBodyLimit());
        router.route(HttpMethod.GET, "/1.0/profiles").handler(this::list);
        router.route(HttpMethod.POST, "/1.0/profiles").handler(body).handler(this::create);
        router.route(HttpMethod.GET, "/1.0/profiles/:name").handler(this::get);
        router.route(HttpMethod.PUT, "/1.0/profiles/:name").handler(body).handler(this::replace);
        router.route(HttpMethod.PATCH, "/1.0/profiles/:name").handler(body).handler(this::patch);
        router.route(HttpMethod.POST, "/1.0/profiles/:name").handler(body).handler(this::rename);
        router.route(HttpMethod.DELETE, "/1.0/profiles/:name").handler(this::delete);
    }

    private void list(RoutingContext ctx) {
        guarded(ctx, () -> {
            String project = Projects.of(ctx);
            int level = Recursion.level(ctx.queryParams().get("recursion"));
            Filter filter = Filter.parse(ctx.queryParams().get("filter"));
            whenViewsReady(ctx, () -> {
                List<Profile> matching = new ArrayList<>();
                List<Instance> instances = views.instances().withKeyPrefix(project + "/");
                List<Map<String, Object>> rendered = new ArrayList<>();
                for (Profile profile : views.profiles().withKeyPrefix(project + "/")) {
                    Map<String, Object> object = render(profile, UsedBy.profile(profile, instances));
                    if (filter.matches(object)) {
                        matching.add(profile);
                        rendered.add(object);
                    }
                }
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < matching.size(); i++) {
                    out.add(level == 0 ? Keys.source("profiles", project, matching.get(i).name()) : rendered.get(i));
                }
                Responses.sync(ctx, out);
            });
        });
    }

    private void get(RoutingContext ctx) {
        guarded(ctx, () -> {
            String project = Projects.of(ctx);
            String name = ctx.pathParam("name");
            whenViewsReady(ctx, () -> {
                Profile profile = views.profiles().get(Keys.resource(project, name)).orElse(null);
                if (profile == null) {
                    Responses.error(ctx, 404, "Profile not found");
                    return;
                }
                ctx.response().putHeader("ETag", IfMatch.etag(profile.revision()));
                Responses.sync(ctx, render(profile,
                        UsedBy.profile(profile, views.instances().withKeyPrefix(project + "/"))));
            });
        });
    }

    private void create(RoutingContext ctx) {
        guarded(ctx, () -> {
            String project = Projects.of(ctx);
            var command = ProfileRequests.create(project, bytes(ctx));
            send(ctx, command, result -> Responses.created(ctx, Keys.source("profiles", project, command.name())));
        });
    }

    private void replace(RoutingContext ctx) {
        guarded(ctx, () -> {
            Long revision = IfMatch.revision(ctx.request().getHeader("If-Match"));
            var command = ProfileRequests.replace(Projects.of(ctx), ctx.pathParam("name"), bytes(ctx), revision);
            send(ctx, command, result -> Responses.sync(ctx, Map.of()));
        });
    }

    private void patch(RoutingContext ctx) {
        guarded(ctx, () -> {
            Long revision = IfMatch.revision(ctx.request().getHeader("If-Match"));
            var command = ProfileRequests.patch(Projects.of(ctx), ctx.pathParam("name"), bytes(ctx), revision);
            send(ctx, command, result -> Responses.sync(ctx, Map.of()));
        });
    }

    private void rename(RoutingContext ctx) {
        guarded(ctx, () -> {
            String project = Projects.of(ctx);
            var command = ProfileRequests.rename(project, ctx.pathParam("name"), bytes(ctx));
            send(ctx, command, result -> Responses.created(ctx, Keys.source("profiles", project, command.newName())));
        });
    }

    private void delete(RoutingContext ctx) {
        guarded(ctx, () -> {
            var command = ProfileRequests.delete(Projects.of(ctx), ctx.pathParam("name"));
            send(ctx, command, result -> Responses.sync(ctx, Map.of()));
        });
    }

    /** Sends a command and answers with its outcome: success via {@code onSuccess}, failure as its error code. */
    private void send(RoutingContext ctx, InstanceCommand command, Consumer<Result> onSuccess) {
        String operationId = UUID.randomUUID().toString();
        commands.send(command, operationId, requestors.of(ctx.request())).whenComplete((result, failure) -> {
            if (failure != null) {
                Responses.failure(ctx, failure);
            } else if (result.success()) {
                onSuccess.accept(result);
            } else {
                int status = result.error() == null ? 500 : result.error().httpStatus();
                Responses.error(ctx, status, result.message() == null || result.message().isEmpty()
                        ? "The instance service refused the change" : result.message());
            }
        });
    }

    private void whenViewsReady(RoutingContext ctx, Runnable answer) {
        if (views.isCaughtUp()) {
            answer.run();
            return;
        }
        views.caughtUp().orTimeout(config.commandTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        Responses.error(ctx, 503, "The gateway has not finished reading its state from Kafka yet");
                    } else {
                        guarded(ctx, answer);
                    }
                });
    }

    /** A profile as LXD serves it; maps sorted by key like Go's encoder. */
    static Map<String, Object> render(Profile profile, List<String> usedBy) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("config", profile.config() == null ? Map.of() : new TreeMap<>(profile.config()));
        out.put("description", profile.description() == null ? "" : profile.description());
        Map<String, Object> devices = new TreeMap<>();
        if (profile.devices() != null) {
            profile.devices().forEach((name, device) -> devices.put(name,
                    device == null ? Map.of() : new TreeMap<>(device)));
        }
        out.put("devices", devices);
        out.put("name", profile.name());
        out.put("used_by", usedBy);
        return out;
    }

    private static byte[] bytes(RoutingContext ctx) {
        return ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    }

    private static void guarded(RoutingContext ctx, Runnable handler) {
        try {
            handler.run();
        } catch (GatewayError | IllegalArgumentException e) {
            Responses.failure(ctx, e instanceof GatewayError ? e : GatewayError.badRequest(e.getMessage()));
        } catch (RuntimeException e) {
            Responses.failure(ctx, e);
        }
    }
}
