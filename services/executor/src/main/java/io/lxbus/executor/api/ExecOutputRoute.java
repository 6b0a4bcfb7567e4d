package io.lxbus.executor.api;

import io.lxbus.executor.HostAgent;
import io.lxbus.executor.driver.InstanceDriver;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Recorded exec output of an instance ({@code exec_<operation>.stdout|.stderr}): {@code GET} lists or reads,
 * {@code DELETE} removes, under {@code /internal/instances/{uuid}/exec-output[/{file}]}.
 */
@ApplicationScoped
public class ExecOutputRoute {
    private static final Pattern FILE = Pattern.compile(ExecRoute.RECORD.pattern() + "\\.(stdout|stderr)");

    private final HostAgent agent;

    public ExecOutputRoute(HostAgent agent) {
        this.agent = agent;
    }

    void routes(@Observes Router router) {
        router.get("/internal/instances/:uuid/exec-output").blockingHandler(this::list, false);
        router.get("/internal/instances/:uuid/exec-output/:file").blockingHandler(this::read, false);
        router.delete("/internal/instances/:uuid/exec-output/:file").blockingHandler(this::delete, false);
    }

    private void list(RoutingContext ctx) {
        InstanceDriver driver = InternalApi.driverFor(ctx, agent, ctx.pathParam("uuid"));
        if (driver == null) {
            return;
        }
        JsonArray names = new JsonArray();
        Path folder = driver.execOutput(ctx.pathParam("uuid"));
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                files.map(p -> p.getFileName().toString()).filter(n -> FILE.matcher(n).matches()).sorted()
                        .forEach(names::add);
            } catch (IOException e) {
                InternalApi.error(ctx, 500, "Cannot list " + folder + ": " + e.getMessage());
                return;
            }
        }
        ctx.response().putHeader("content-type", "application/json").end(names.encode());
    }

    private void read(RoutingContext ctx) {
        Path file = file(ctx);
        if (file == null) {
            return;
        }
        ctx.response().putHeader("content-type", "application/octet-stream").sendFile(file.toString());
    }

    private void delete(RoutingContext ctx) {
        Path file = file(ctx);
        if (file == null) {
            return;
        }
        try {
            Files.delete(file);
            ctx.response().putHeader("content-type", "application/json").end("{}");
        } catch (IOException e) {
            InternalApi.error(ctx, 500, "Cannot delete " + file.getFileName() + ": " + e.getMessage());
        }
    }

    /** The named output file, or null after answering 404. */
    private Path file(RoutingContext ctx) {
        InstanceDriver driver = InternalApi.driverFor(ctx, agent, ctx.pathParam("uuid"));
        if (driver == null) {
            return null;
        }
        String name = ctx.pathParam("file");
        Path file = name == null || !FILE.matcher(name).matches() ? null
                : driver.execOutput(ctx.pathParam("uuid")).resolve(name);
        if (file == null || !Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            InternalApi.error(ctx, 404, "Not found");
            return null;
        }
        return file;
    }
}
