package io.lxbus.executor.api;

import io.lxbus.events.Instance;
import io.lxbus.executor.HostAgent;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * An instance's logs as LXD names them, from {@code logs/containers/<uuid>/}: {@code GET …/logs} lists {@code lxc.log}
 * and {@code console.log} (those that exist), {@code GET …/logs/{file}} streams one; {@code GET …/console} is the
 * console log (empty when none yet) and {@code DELETE …/console} empties it. liblxc appends the console's output to
 * {@code console.log} as it comes ({@code lxc.console.logfile}).
 */
@ApplicationScoped
public class LogApi {
    /** The log files an instance has, in LXD's names; nothing else in the folder is served. */
    static final List<String> FILES = List.of("lxc.log", "console.log");

    private final HostAgent agent;
    private final Vertx vertx;

    public LogApi(HostAgent agent, Vertx vertx) {
        this.agent = agent;
        this.vertx = vertx;
    }

    void routes(@Observes Router router) {
        router.get("/internal/instances/:uuid/logs").handler(this::list);
        router.get("/internal/instances/:uuid/logs/:file").handler(this::file);
        router.get("/internal/instances/:uuid/console").handler(this::consoleLog);
        router.delete("/internal/instances/:uuid/console").blockingHandler(this::clearConsoleLog, false);
    }

    private void list(RoutingContext ctx) {
        Optional<Instance> instance = Replies.placed(ctx, agent);
        if (instance.isPresent()) {
            Path folder = agent.paths().logFolder(instance.get().uuid());
            Replies.json(ctx, new JsonArray(FILES.stream().filter(name -> Files.isRegularFile(folder.resolve(name)))
                    .toList()).encode());
        }
    }

    private void file(RoutingContext ctx) {
        Optional<Instance> instance = Replies.placed(ctx, agent);
        if (instance.isEmpty()) {
            return;
        }
        String name = ctx.pathParam("file");
        Path log = agent.paths().logFolder(instance.get().uuid()).resolve(FILES.contains(name) ? name : "-");
        if (!FILES.contains(name) || !Files.isRegularFile(log)) {
            Replies.error(ctx, 404, "Not Found");
            return;
        }
        stream(ctx, log);
    }

    private void consoleLog(RoutingContext ctx) {
        Optional<Instance> instance = Replies.placed(ctx, agent);
        if (instance.isEmpty()) {
            return;
        }
        Path log = agent.paths().consoleLog(instance.get().uuid());
        if (!Files.isRegularFile(log)) {
            ctx.response().putHeader("content-type", "application/octet-stream").end();
            return;
        }
        stream(ctx, log);
    }

    private void clearConsoleLog(RoutingContext ctx) {
        Optional<Instance> instance = Replies.placed(ctx, agent);
        if (instance.isEmpty()) {
            return;
        }
        Path log = agent.paths().consoleLog(instance.get().uuid());
        try {
            if (Files.isRegularFile(log)) {
                try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
                    channel.truncate(0);
                }
            }
            Replies.json(ctx, "{}");
        } catch (IOException e) {
            Replies.error(ctx, 500, "Cannot clear the console log: " + e.getMessage());
        }
    }

    /** Streams a log as it is now (its size when opened), never more: liblxc may still be appending. */
    private void stream(RoutingContext ctx, Path log) {
        vertx.fileSystem().open(log.toString(), new OpenOptions().setRead(true).setWrite(false).setCreate(false))
                .onComplete(opened -> {
                    if (opened.failed()) {
                        Replies.error(ctx, 404, "Not Found");
                        return;
                    }
                    AsyncFile content = opened.result();
                    long size;
                    try {
                        size = Files.size(log);
                    } catch (IOException e) {
                        size = 0;
                    }
                    content.setReadLength(size);
                    ctx.response().putHeader("content-type", "application/octet-stream")
                            .putHeader("content-length", Long.toString(size));
                    content.pipeTo(ctx.response()).onComplete(done -> content.close());
                });
    }
}
