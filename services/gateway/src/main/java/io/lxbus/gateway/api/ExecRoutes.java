package io.lxbus.gateway.api;

import io.lxbus.events.ErrorCode;
import io.lxbus.events.ExecutorHost;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceRuntime;
import io.lxbus.events.Keys;
import io.lxbus.events.Operation;
import io.lxbus.events.Requestor;
import io.lxbus.gateway.GatewayConfig;
import io.lxbus.gateway.domain.ExecRequest;
import io.lxbus.gateway.domain.GatewayError;
import io.lxbus.gateway.domain.InstanceRequests;
import io.lxbus.gateway.domain.OperationSpec;
import io.lxbus.gateway.internal.ExecutorCalls;
import io.lxbus.gateway.internal.HostApis;
import io.lxbus.gateway.messaging.Operations;
import io.lxbus.gateway.messaging.StateViews;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code POST /1.0/instances/{name}/exec} (LXD's exec: a websocket operation, or a task whose output is recorded),
 * {@code GET /1.0/operations/{id}/websocket?secret=} (the client's fd sockets) and
 * {@code /1.0/instances/{name}/logs/exec-output[/{file}]} (recorded output: list, read, delete). The command runs on
 * the executor of the instance's host, reached over its internal API; nothing of it rides on Kafka.
 */
@ApplicationScoped
public class ExecRoutes {
    private final StateViews views;
    private final Operations operations;
    private final ExecutorCalls executors;
    private final Requestors requestors;
    private final GatewayConfig config;
    private final Map<String, ExecSession> sessions = new ConcurrentHashMap<>();

    public ExecRoutes(StateViews views, Operations operations, ExecutorCalls executors, Requestors requestors,
                      GatewayConfig config) {
        this.views = views;
        this.operations = operations;
        this.executors = executors;
        this.requestors = requestors;
        this.config = config;
    }

    void routes(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(config.jsonBodyLimit());
        for (String collection : InstanceRoutes.COLLECTIONS) {
            String base = "/1.0/" + collection + "/:name";
            router.route(HttpMethod.POST, base + "/exec").handler(body).handler(this::exec);
            router.route(HttpMethod.GET, base + "/logs/exec-output").handler(ctx -> output(ctx, HttpMethod.GET, null));
            router.route(HttpMethod.GET, base + "/logs/exec-output/:file")
                    .handler(ctx -> output(ctx, HttpMethod.GET, ctx.pathParam("file")));
            router.route(HttpMethod.DELETE, base + "/logs/exec-output/:file")
                    .handler(ctx -> output(ctx, HttpMethod.DELETE, ctx.pathParam("file")));
        }
        // Other websocket operations (the console) register the same path; each passes on what is not its own.
        router.route(HttpMethod.GET, "/1.0/operations/:id/websocket").handler(this::connect);
        router.route(HttpMethod.GET, "/1.0/operations/:id/websocket").last().handler(this::noSocket);
    }

    void stop(@Observes ShutdownEvent event) {
        sessions.values().forEach(ExecSession::abort);
    }

    private void exec(RoutingContext ctx) {
        Handlers.guarded(ctx, () -> {
            String project = Projects.of(ctx);
            String name = ctx.pathParam("name");
            byte[] body = Handlers.bytes(ctx);
            Handlers.whenViewsReady(ctx, views, config.commandTimeout(), () -> {
                Instance instance = existing(project, name);
                ExecRequest request = ExecRequest.parse(body, instance.expandedConfig());
                Target target = runningTarget(instance);
                Requestor requestor = requestors.of(ctx.request());
                ExecSession session = new ExecSession(request, executors, target.apiAddress(), target.uuid(), name,
                        startMessage(request, project, name, requestor));
                Map<String, Object> metadata = new LinkedHashMap<>();
                metadata.put("command", request.command());
                metadata.put("environment", request.environment());
                metadata.put("interactive", request.interactive());
                if (request.waitForWebsocket()) {
                    metadata.put("fds", session.secrets());
                }
                OperationSpec spec = new OperationSpec(request.waitForWebsocket() ? "websocket" : "task",
                        "Executing command", project, InstanceRoutes.resources(project, name, true), metadata, false);
                Operation operation = operations.registry().create(spec, (operationId, progress) -> {
                    sessions.put(operationId, session);
                    return session.begin(operationId, progress)
                            .whenComplete((outcome, failure) -> sessions.remove(operationId, session));
                });
                Responses.async(ctx, operation);
            });
        });
    }

    /** The client's websocket for one fd of an exec operation, chosen by its secret. */
    /** No websocket operation claimed the request. */
    private void noSocket(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        boolean known = operations.registry().get(id).isPresent();
        Responses.error(ctx, known ? 400 : 404, known ? "This operation has no websockets" : "Operation not found");
    }

    private void connect(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        ExecSession session = sessions.get(id);
        if (session == null) {
            ctx.next();
            return;
        }
        String fd = session.fdFor(ctx.queryParams().get("secret"));
        if (fd == null) {
            Responses.error(ctx, 403, "Invalid websocket secret");
            return;
        }
        if (!session.free(fd)) {
            Responses.error(ctx, 400, "This websocket is already connected");
            return;
        }
        String upgrade = ctx.request().getHeader("Upgrade");
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            Responses.error(ctx, 400, "This endpoint needs a websocket upgrade");
            return;
        }
        ctx.request().toWebSocket().onSuccess(socket -> session.attach(fd, socket));
    }

    /** Recorded output, proxied to the executor of the instance's host. */
    private void output(RoutingContext ctx, HttpMethod method, String file) {
        Handlers.guarded(ctx, () -> {
            String project = Projects.of(ctx);
            String name = ctx.pathParam("name");
            Handlers.whenViewsReady(ctx, views, config.commandTimeout(), () -> {
                Instance instance = existing(project, name);
                String address = executorOf(instance.host()).apiAddress();
                executors.output(address, instance.uuid(), method, file).onComplete(answered -> {
                    if (answered.failed()) {
                        Responses.error(ctx, 503, "The executor of instance " + name + " does not answer: "
                                + answered.cause().getMessage());
                        return;
                    }
                    HostApis.Reply reply = answered.result();
                    if (reply.status() != 200) {
                        String message = new JsonObject(Buffer.buffer(reply.body())).getString("error", "Not Found");
                        Responses.error(ctx, reply.status(), message);
                    } else if (file == null) {
                        String base = "/1.0/instances/" + name + "/logs/exec-output/";
                        Responses.sync(ctx, new io.vertx.core.json.JsonArray(Buffer.buffer(reply.body())).stream()
                                .map(entry -> base + entry).toList());
                    } else if (method == HttpMethod.DELETE) {
                        Responses.sync(ctx, Map.of());
                    } else {
                        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/octet-stream")
                                .end(Buffer.buffer(reply.body()));
                    }
                });
            });
        });
    }

    private JsonObject startMessage(ExecRequest request, String project, String name, Requestor requestor) {
        JsonObject who = requestor == null ? null : new JsonObject().put("username", requestor.username())
                .put("protocol", requestor.protocol()).put("address", requestor.address());
        return new JsonObject()
                .put("command", request.command())
                .put("environment", new JsonObject(new LinkedHashMap<>(request.environment())))
                .put("user", request.user())
                .put("group", request.group())
                .put("cwd", request.cwd())
                .put("interactive", request.interactive())
                .put("width", request.width())
                .put("height", request.height())
                .put("output", "stream")
                .put("project", project)
                .put("name", name)
                .put("requestor", who);
    }

    private Instance existing(String project, String name) {
        InstanceRequests.checkName(name);
        return views.instances().get(Keys.resource(project, name))
                .orElseThrow(() -> new GatewayError(ErrorCode.NOT_FOUND, "Instance not found"));
    }

    /** Where the instance runs; 400 as LXD when it does not run (or is frozen). */
    private Target runningTarget(Instance instance) {
        InstanceRuntime runtime = views.runtime().get(Keys.resource(instance.project(), instance.name())).orElse(null);
        String status = runtime == null ? "Stopped" : runtime.status();
        if ("Frozen".equals(status)) {
            throw GatewayError.badRequest("Instance is frozen");
        }
        if (!"Running".equals(status)) {
            throw GatewayError.badRequest("Instance is not running");
        }
        String host = runtime.host() != null ? runtime.host() : instance.host();
        String uuid = instance.uuid() != null ? instance.uuid() : runtime.instanceUuid();
        return new Target(executorOf(host).apiAddress(), uuid);
    }

    private ExecutorHost executorOf(String host) {
        return java.util.Optional.ofNullable(host).flatMap(h -> views.hosts().get(h)).orElseThrow(() ->
                new GatewayError(ErrorCode.UNAVAILABLE, "The instance's host " + host + " has no executor registered"));
    }

    /** An executor's address and the container's name there. */
    private record Target(String apiAddress, String uuid) {
    }
}
