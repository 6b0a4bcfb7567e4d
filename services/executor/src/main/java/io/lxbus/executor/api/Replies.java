package io.lxbus.executor.api;

import io.lxbus.events.Instance;
import io.lxbus.executor.HostAgent;
import io.lxbus.executor.driver.DriverException;
import io.lxbus.executor.driver.FileFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.regex.Pattern;

/** What the data routes of the internal API share: finding the instance by uuid and answering failures. */
final class Replies {
    private static final Logger LOG = Logger.getLogger(Replies.class);
    private static final Pattern UUID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private Replies() {
    }

    /** The instance placed on this host under the route's {@code :uuid}; answers 503/404 and is empty otherwise. */
    static Optional<Instance> placed(RoutingContext ctx, HostAgent agent) {
        if (agent.paths() == null || !agent.ready()) {
            error(ctx, 503, "The executor is starting");
            return Optional.empty();
        }
        String uuid = ctx.pathParam("uuid");
        Optional<Instance> instance = uuid == null || !UUID.matcher(uuid).matches() ? Optional.empty()
                : agent.placed(uuid);
        if (instance.isEmpty()) {
            error(ctx, 404, "Instance not found");
        }
        return instance;
    }

    /** An error as {@code {"error": message}} with a status. */
    static void error(RoutingContext ctx, int status, String message) {
        if (ctx.response().headWritten() || ctx.response().closed()) {
            ctx.response().reset();
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", message).encode());
    }

    /** Answers a failure: a file failure with its status, bad input 400, a driver refusal 400, anything else 500. */
    static void failure(RoutingContext ctx, Throwable failure) {
        if (failure instanceof FileFailure file) {
            error(ctx, file.status(), file.getMessage());
        } else if (failure instanceof IllegalArgumentException || failure instanceof DriverException) {
            error(ctx, 400, failure.getMessage());
        } else {
            LOG.errorf(failure, "Failed %s %s", ctx.request().method(), ctx.request().uri());
            error(ctx, 500, failure.getMessage() == null ? "Internal error" : failure.getMessage());
        }
    }

    /** A 200 with a JSON body. */
    static void json(RoutingContext ctx, String body) {
        ctx.response().setStatusCode(200).putHeader("content-type", "application/json").end(body);
    }
}
