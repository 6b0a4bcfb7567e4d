package io.lxbus.gateway.api;

import io.lxbus.events.ErrorCode;
import io.lxbus.events.Instance;
import io.lxbus.events.Keys;
import io.lxbus.events.StoragePool;
import io.lxbus.events.Volume;
import io.lxbus.gateway.GatewayConfig;
import io.lxbus.gateway.domain.Filter;
import io.lxbus.gateway.domain.GatewayError;
import io.lxbus.gateway.domain.IfMatch;
import io.lxbus.gateway.domain.LxdStorage;
import io.lxbus.gateway.domain.Recursion;
import io.lxbus.gateway.domain.UsedBy;
import io.lxbus.gateway.messaging.StateViews;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /1.0/storage-pools} and their volumes, read from the pools, volumes, instances and profiles views.
 * Creating, changing and deleting pools and volumes is not offered yet (501 with a sentence saying so).
 */
@ApplicationScoped
public class StorageRoutes {
    private static final String POOLS = "/1.0/storage-pools";

    private final StateViews views;
    private final GatewayConfig config;

    public StorageRoutes(StateViews views, GatewayConfig config) {
        this.views = views;
        this.config = config;
    }

    void routes(@Observes Router router) {
        router.route(HttpMethod.GET, POOLS).handler(this::listPools);
        router.route(HttpMethod.GET, POOLS + "/:pool").handler(this::getPool);
        router.route(HttpMethod.GET, POOLS + "/:pool/volumes").handler(this::listVolumes);
        router.route(HttpMethod.GET, POOLS + "/:pool/volumes/:type").handler(this::listVolumes);
        router.route(HttpMethod.GET, POOLS + "/:pool/volumes/:type/:name").handler(this::getVolume);
        router.route(HttpMethod.GET, POOLS + "/:pool/volumes/:type/:name/snapshots").handler(this::listSnapshots);
        router.route(HttpMethod.GET, POOLS + "/:pool/volumes/:type/:name/snapshots/:snapshot")
                .handler(this::getVolume);
        router.route(HttpMethod.POST, POOLS).handler(ctx -> notYet(ctx, "Creating storage pools"));
        for (HttpMethod method : List.of(HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.POST)) {
            router.route(method, POOLS + "/:pool").handler(ctx -> notYet(ctx, "Changing storage pools"));
            router.route(method, POOLS + "/:pool/volumes").handler(ctx -> notYet(ctx, "Creating storage volumes"));
            router.route(method, POOLS + "/:pool/volumes/:type").handler(ctx -> notYet(ctx, "Creating storage volumes"));
            router.route(method, POOLS + "/:pool/volumes/:type/:name")
                    .handler(ctx -> notYet(ctx, "Changing storage volumes"));
        }
    }

    private void listPools(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            int level = Recursion.level(ctx.queryParams().get("recursion"));
            Filter filter = Filter.parse(ctx.queryParams().get("filter"));
            Handlers.whenViewsReady(ctx, views, config.commandTimeout(), () -> {
                List<Volume> volumes = views.volumes().withKeyPrefix("");
                List<Object> out = new ArrayList<>();
                for (StoragePool pool : views.pools().withKeyPrefix("")) {
                    Map<String, Object> object = LxdStorage.pool(pool, UsedBy.pool(pool.name(), volumes,
                            views.profiles().withKeyPrefix("")));
                    if (filter.matches(object)) {
                        out.add(level == 0 ? LxdStorage.poolUrl(pool.name()) : object);
                    }
                }
                Responses.sync(ctx, out);
            });
        });
    }

    private void getPool(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> Handlers.whenViewsReady(ctx, views, config.commandTimeout(), () -> {
            StoragePool pool = pool(ctx.pathParam("pool"));
            ctx.response().putHeader("ETag", IfMatch.etag(pool.revision()));
            Responses.sync(ctx, LxdStorage.pool(pool, UsedBy.pool(pool.name(), views.volumes().withKeyPrefix(""),
                    views.profiles().withKeyPrefix(""))));
        }));
    }

    private void listVolumes(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            String project = Projects.of(ctx);
            int level = Recursion.level(ctx.queryParams().get("recursion"));
            Filter filter = Filter.parse(ctx.queryParams().get("filter"));
            String type = ctx.pathParam("type");
            Handlers.whenViewsReady(ctx, views, config.commandTimeout(), () -> {
                StoragePool pool = pool(ctx.pathParam("pool"));
                String prefix = project + "/" + pool.name() + "/" + (type == null ? "" : type + "/");
                List<Instance> instances = views.instances().withKeyPrefix(project + "/");
                List<Object> out = new ArrayList<>();
                for (Volume volume : views.volumes().withKeyPrefix(prefix)) {
                    Map<String, Object> object = render(volume, instances);
                    if (filter.matches(object)) {
                        out.add(level == 0 ? LxdStorage.volumeUrl(volume) : object);
                    }
                }
                Responses.sync(ctx, out);
            });
        });
    }

    /** A volume's snapshots ({@code …/volumes/container/c1/snapshots}): the volumes named {@code c1/<snapshot>}. */
    private void listSnapshots(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            String project = Projects.of(ctx);
            int level = Recursion.level(ctx.queryParams().get("recursion"));
            Handlers.whenViewsReady(ctx, views, config.commandTimeout(), () -> {
                StoragePool pool = pool(ctx.pathParam("pool"));
                String prefix = Keys.volume(project, pool.name(), ctx.pathParam("type"), ctx.pathParam("name") + "/");
                List<Instance> instances = views.instances().withKeyPrefix(project + "/");
                List<Object> out = new ArrayList<>();
                for (Volume volume : views.volumes().withKeyPrefix(prefix)) {
                    out.add(level == 0 ? LxdStorage.volumeUrl(volume) : render(volume, instances));
                }
                Responses.sync(ctx, out);
            });
        });
    }

    private void getVolume(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            String project = Projects.of(ctx);
            String snapshot = ctx.pathParam("snapshot");
            String name = snapshot == null ? ctx.pathParam("name") : ctx.pathParam("name") + "/" + snapshot;
            Handlers.whenViewsReady(ctx, views, config.commandTimeout(), () -> {
                StoragePool pool = pool(ctx.pathParam("pool"));
                Volume volume = views.volumes().get(Keys.volume(project, pool.name(), ctx.pathParam("type"),
                        name)).orElseThrow(() -> new GatewayError(ErrorCode.NOT_FOUND,
                        "Storage pool volume not found"));
                ctx.response().putHeader("ETag", IfMatch.etag(volume.revision()));
                Responses.sync(ctx, render(volume, views.instances().withKeyPrefix(project + "/")));
            });
        });
    }

    private Map<String, Object> render(Volume volume, List<Instance> instances) {
        String location = views.hosts().size() <= 1 || volume.host() == null ? "none" : volume.host();
        return LxdStorage.volume(volume, UsedBy.volume(volume, instances), location);
    }

    private StoragePool pool(String name) {
        return views.pools().get(name)
                .orElseThrow(() -> new GatewayError(ErrorCode.NOT_FOUND, "Storage pool not found"));
    }

    private static void notYet(RoutingContext ctx, String what) {
        Responses.error(ctx, 501, what + " is not supported yet: the storage service manages pools and volumes"
                + " itself");
    }
}
