package io.lxbus.executor.api;

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
import java.util.regex.Pattern;

/**
 * The host's internal API for the gateway, root only (SO_PEERCRED): {@code GET /internal/instances/{uuid}/state}
 * gives live status, pid, processes, memory and CPU from the container's cgroup.
 */
@ApplicationScoped
public class InternalApi {
    private static final Pattern UUID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    @Inject
    HostAgent agent;

    void routes(@Observes Router router) {
        router.route("/internal/*").order(-100).handler(this::rootOnly);
        router.get("/internal/instances/:uuid/state").blockingHandler(this::state, false);
    }

    private void rootOnly(RoutingContext context) {
        Integer uid = peerUid(context.request().connection());
        if (uid == null || uid != 0) {
            error(context, 403, "Only root may use the executor's API");
            return;
        }
        context.next();
    }

    private void state(RoutingContext context) {
        String uuid = context.pathParam("uuid");
        DriverRegistry drivers = agent.drivers();
        if (drivers == null) {
            error(context, 503, "The executor is starting");
            return;
        }
        if (uuid == null || !UUID.matcher(uuid).matches()) {
            error(context, 404, "Instance not found");
            return;
        }
        InstanceDriver driver = drivers.forType(null);
        Observed observed = driver.observe(uuid);
        if (!observed.defined()) {
            error(context, 404, "Instance not found");
            return;
        }
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

    private static void error(RoutingContext context, int status, String message) {
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
