package io.lxbus.executor.api;

import io.lxbus.common.InternalToken;
import io.lxbus.executor.ExecutorSettings;
import io.lxbus.executor.HostAgent;
import io.lxbus.executor.domain.Observed;
import io.lxbus.executor.driver.DriverRegistry;
import io.lxbus.executor.driver.InstanceDriver;
import io.lxbus.executor.driver.Usage;
import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The host's internal API for the gateway, root only (SO_PEERCRED) and only with the stack's token
 * ({@link InternalToken}): {@code GET /internal/instances/{uuid}/state} gives live status, pid, processes, memory
 * and CPU from the container's cgroup; exec and its recorded output have their own routes.
 */
@ApplicationScoped
public class InternalApi {
    private static final Pattern UUID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    @Inject
    HostAgent agent;

    @Inject
    ExecutorSettings settings;

    private volatile String token;

    void routes(@Observes Router router) {
        router.route("/internal/*").order(-100).handler(this::rootOnly);
        router.get("/internal/instances/:uuid/state").blockingHandler(this::state, false);
    }

    private void rootOnly(RoutingContext context) {
        Integer uid = peerUid(context.request().connection());
        if (uid == null || uid != 0) {
            refuse(context, "Only root may use the executor's API");
            return;
        }
        if (!InternalToken.matches(token(), context.request().getHeader(InternalToken.HEADER))) {
            refuse(context, "The executor's API only answers the gateway (missing or wrong " + InternalToken.HEADER
                    + ")");
            return;
        }
        context.next();
    }

    /** 403, and the connection closes: the body (a file being pushed, perhaps) is never read. */
    private static void refuse(RoutingContext context, String message) {
        context.response().putHeader("Connection", "close");
        error(context, 403, message);
    }

    private String token() {
        if (token == null) {
            try {
                token = InternalToken.ensure(InternalToken.file(Path.of(settings.dir())));
            } catch (IOException e) {
                return null;
            }
        }
        return token;
    }

    /** The driver of a container this host has, or null after answering 503 (starting) or 404 (unknown uuid). */
    static InstanceDriver driverFor(RoutingContext context, HostAgent agent, String uuid) {
        DriverRegistry drivers = agent.drivers();
        if (drivers == null) {
            error(context, 503, "The executor is starting");
            return null;
        }
        if (uuid == null || !UUID.matcher(uuid).matches()) {
            error(context, 404, "Instance not found");
            return null;
        }
        InstanceDriver driver = drivers.forType(null);
        if (!driver.observe(uuid).defined()) {
            error(context, 404, "Instance not found");
            return null;
        }
        return driver;
    }

    private void state(RoutingContext context) {
        String uuid = context.pathParam("uuid");
        InstanceDriver driver = driverFor(context, agent, uuid);
        if (driver == null) {
            return;
        }
        Observed observed = driver.observe(uuid);
        Usage usage = driver.usage(uuid).orElse(new Usage(0, 0, 0, 0, 0, 0));
        JsonObject body = new JsonObject()
                .put("status", observed.status().text())
                .put("pid", observed.pid())
                .put("processes", usage.processes())
                .put("memory", new JsonObject().put("usage", usage.memoryUsage()).put("usage_peak", usage.memoryPeak())
                        .put("swap_usage", usage.swapUsage()).put("swap_usage_peak", usage.swapPeak()))
                .put("cpu", new JsonObject().put("usage", usage.cpuNanos()));
        context.response().putHeader("content-type", "application/json").end(body.encode());
    }

    static void error(RoutingContext context, int status, String message) {
        context.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", message).encode());
    }

    private static Integer peerUid(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            Channel channel = base.channel();
            if (channel instanceof EpollDomainSocketChannel unix) {
                try {
                    return unix.peerCredentials().uid();
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
