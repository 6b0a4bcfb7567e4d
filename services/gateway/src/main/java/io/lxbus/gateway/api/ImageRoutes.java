package io.lxbus.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lxbus.events.ErrorCode;
import io.lxbus.events.Image;
import io.lxbus.events.ImageAlias;
import io.lxbus.events.Instance;
import io.lxbus.events.Keys;
import io.lxbus.events.StorageCommand;
import io.lxbus.events.wire.Json;
import io.lxbus.gateway.GatewayConfig;
import io.lxbus.gateway.domain.Filter;
import io.lxbus.gateway.domain.GatewayError;
import io.lxbus.gateway.domain.IfMatch;
import io.lxbus.gateway.domain.ImageRequests;
import io.lxbus.gateway.domain.LxdImage;
import io.lxbus.gateway.domain.OperationOutcome;
import io.lxbus.gateway.domain.OperationSpec;
import io.lxbus.gateway.domain.Recursion;
import io.lxbus.gateway.domain.UsedBy;
import io.lxbus.gateway.internal.HostApis;
import io.lxbus.gateway.messaging.Operations;
import io.lxbus.gateway.messaging.StateViews;
import io.lxbus.gateway.messaging.StorageCommands;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code /1.0/images}: reads from the images, aliases and instances views; uploads are streamed to the
 * storage service's internal API; updates and deletes are storage commands. Alias routes come first so
 * {@code /1.0/images/aliases} is never taken for a fingerprint.
 */
@ApplicationScoped
public class ImageRoutes {
    private final StateViews views;
    private final StorageCommands commands;
    private final Operations operations;
    private final HostApis hosts;
    private final Requestors requestors;
    private final ImageAliasRoutes aliases;
    private final GatewayConfig config;

    public ImageRoutes(StateViews views, StorageCommands commands, Operations operations, HostApis hosts,
                       Requestors requestors, ImageAliasRoutes aliases, GatewayConfig config) {
        this.views = views;
        this.commands = commands;
        this.operations = operations;
        this.hosts = hosts;
        this.requestors = requestors;
        this.aliases = aliases;
        this.config = config;
    }

    void routes(@Observes Router router) {
        aliases.register(router);
        BodyHandler body = BodyHandler.create(false).setBodyLimit(config.jsonBodyLimit());
        router.route(HttpMethod.GET, "/1.0/images").handler(this::list);
        router.route(HttpMethod.POST, "/1.0/images").handler(this::upload);
        router.route(HttpMethod.GET, "/1.0/images/:fingerprint").handler(this::get);
        router.route(HttpMethod.PUT, "/1.0/images/:fingerprint").handler(body).handler(this::replace);
        router.route(HttpMethod.PATCH, "/1.0/images/:fingerprint").handler(body).handler(this::patch);
        router.route(HttpMethod.DELETE, "/1.0/images/:fingerprint").handler(this::delete);
    }

    private void list(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            String project = Projects.of(ctx);
            int level = Recursion.level(ctx.queryParams().get("recursion"));
            Filter filter = Filter.parse(ctx.queryParams().get("filter"));
            Handlers.whenViewsReady(ctx, views, config.commandTimeout(), () -> {
                List<Instance> instances = views.instances().withKeyPrefix(project + "/");
                List<ImageAlias> all = views.aliases().withKeyPrefix(project + "/");
                List<Object> out = new ArrayList<>();
                for (Image image : views.images().withKeyPrefix(project + "/")) {
                    Map<String, Object> object = render(image, all, instances);
                    if (filter.matches(object)) {
                        out.add(level == 0 ? Keys.source("images", project, image.fingerprint()) : object);
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
                Image image = existing(project, ctx.pathParam("fingerprint"));
                ctx.response().putHeader("ETag", IfMatch.etag(image.revision()));
                Responses.sync(ctx, render(image, views.aliases().withKeyPrefix(project + "/"),
                        views.instances().withKeyPrefix(project + "/")));
            });
        });
    }

    private void replace(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            Long revision = IfMatch.revision(ctx.request().getHeader("If-Match"));
            String project = Projects.of(ctx);
            byte[] body = Handlers.bytes(ctx);
            Handlers.whenViewsReady(ctx, views, config.commandTimeout(), () -> {
                Image image = existing(project, ctx.pathParam("fingerprint"));
                checkRevision(image, revision);
                sync(ctx, ImageRequests.replaceImage(project, image.fingerprint(), body));
            });
        });
    }

    private void patch(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            Long revision = IfMatch.revision(ctx.request().getHeader("If-Match"));
            String project = Projects.of(ctx);
            byte[] body = Handlers.bytes(ctx);
            Handlers.whenViewsReady(ctx, views, config.commandTimeout(), () -> {
                Image image = existing(project, ctx.pathParam("fingerprint"));
                checkRevision(image, revision);
                sync(ctx, ImageRequests.patchImage(image, body));
            });
        });
    }

    private void delete(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            String project = Projects.of(ctx);
            Handlers.whenViewsReady(ctx, views, config.commandTimeout(), () -> {
                Image image = existing(project, ctx.pathParam("fingerprint"));
                Responses.async(ctx, commands.startOperation(OperationSpec.task("Deleting image", project,
                                Map.of("images", List.of(Keys.source("images", project, image.fingerprint())))),
                        ImageRequests.deleteImage(project, image.fingerprint()), requestors.of(ctx.request())));
            });
        });
    }

    /**
     * {@code POST /1.0/images}: the body (a unified tarball, or multipart metadata + rootfs) is streamed to the
     * storage service; its answer becomes the operation's end, once the images view shows the new image. The
     * 202 carries the finished operation, so the client has its fingerprint at once.
     */
    private void upload(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            String project = Projects.of(ctx);
            String type = ctx.request().getHeader("Content-Type");
            if (type != null && type.toLowerCase().startsWith("application/json")) {
                throw GatewayError.badRequest("Creating images from a source (remote image, URL or instance) is not"
                        + " supported yet; upload the image file instead (lxc image import)");
            }
            hosts.uploadImage(ctx.request(), project).whenComplete((reply, failure) -> {
                if (failure != null) {
                    ctx.response().putHeader("Connection", "close");
                    Responses.failure(ctx, failure);
                    return;
                }
                var operation = operations.registry().create(OperationSpec.task("Downloading image", project, Map.of()),
                        (id, progress) -> imported(project, reply));
                operations.registry().whenFinal(operation.id()).orElseThrow()
                        .whenComplete((done, error) -> Responses.async(ctx,
                                operations.registry().get(operation.id()).orElse(operation)));
            });
        });
    }

    /** Ends an upload from the storage service's answer: the image once visible, or its error. */
    private CompletableFuture<OperationOutcome> imported(String project, HostApis.Reply reply) {
        if (reply.status() != 200) {
            return CompletableFuture.completedFuture(OperationOutcome.failure(errorOf(reply)));
        }
        Image image;
        try {
            image = Json.mapper().readValue(reply.body(), Image.class);
        } catch (IOException e) {
            return CompletableFuture.completedFuture(OperationOutcome.failure(
                    "The storage service answered the upload with an unreadable image: " + e.getMessage()));
        }
        if (image.fingerprint() == null || image.fingerprint().isEmpty()) {
            return CompletableFuture.completedFuture(OperationOutcome.failure(
                    "The storage service answered the upload without a fingerprint"));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("fingerprint", image.fingerprint());
        metadata.put("size", image.size());
        String imageProject = image.project() == null ? project : image.project();
        return views.images().awaitRevision(Keys.resource(imageProject, image.fingerprint()), image.revision())
                .orTimeout(config.commandTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((ok, failure) -> failure == null ? OperationOutcome.success(metadata)
                        : OperationOutcome.failure("The image " + image.fingerprint()
                        + " was stored but is not visible yet"));
    }

    private static String errorOf(HostApis.Reply reply) {
        try {
            JsonNode error = Json.mapper().readTree(reply.body());
            if (error != null && error.hasNonNull("error") && !error.get("error").asText().isEmpty()) {
                return error.get("error").asText();
            }
        } catch (IOException e) {
            // not JSON: fall through
        }
        return "Image import failed (storage service answered HTTP " + reply.status() + ")";
    }

    private void sync(RoutingContext ctx, StorageCommand command) {
        Handlers.answer(ctx, commands.send(command, UUID.randomUUID().toString(), requestors.of(ctx.request())),
                "storage service", result -> Responses.sync(ctx, Map.of()));
    }

    private Image existing(String project, String prefix) {
        List<Image> images = views.images().withKeyPrefix(project + "/");
        String fingerprint = LxdImage.resolve(prefix, images.stream().map(Image::fingerprint).toList());
        return views.images().get(Keys.resource(project, fingerprint))
                .orElseThrow(() -> new GatewayError(ErrorCode.NOT_FOUND, "Image not found"));
    }

    private static void checkRevision(Image image, Long revision) {
        if (revision != null && revision != image.revision()) {
            throw new GatewayError(ErrorCode.PRECONDITION_FAILED,
                    "ETag doesn't match: " + IfMatch.etag(revision) + " vs " + IfMatch.etag(image.revision()));
        }
    }

    private static Map<String, Object> render(Image image, List<ImageAlias> aliases, List<Instance> instances) {
        List<ImageAlias> own = aliases.stream().filter(alias -> image.fingerprint().equals(alias.target())).toList();
        return LxdImage.render(image, own, UsedBy.image(image, instances));
    }
}
