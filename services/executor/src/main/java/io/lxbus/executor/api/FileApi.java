package io.lxbus.executor.api;

import io.lxbus.events.Instance;
import io.lxbus.executor.HostAgent;
import io.lxbus.executor.domain.ContainerPath;
import io.lxbus.executor.domain.DiskIds;
import io.lxbus.executor.domain.FileStat;
import io.lxbus.executor.driver.FileFailure;
import io.lxbus.executor.driver.lxc.ContainerFiles;
import io.lxbus.executor.driver.lxc.RootedFiles;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Files inside an instance, for the gateway's {@code /1.0/instances/{name}/files}: {@code GET}, {@code POST} and
 * {@code DELETE /internal/instances/{uuid}/files?path=} with LXD's {@code X-LXD-*} headers. Contents are streamed
 * between the socket and the file (never held in memory); every lookup stays inside the container's root
 * ({@link RootedFiles}); owners are translated between the container's ids and the disk's ({@link DiskIds}).
 */
@ApplicationScoped
public class FileApi {
    private static final int CHUNK = 256 * 1024;
    private static final DateTimeFormatter MODIFIED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '+0000 UTC'")
            .withZone(ZoneOffset.UTC);

    private final HostAgent agent;
    private final Vertx vertx;

    public FileApi(HostAgent agent, Vertx vertx) {
        this.agent = agent;
        this.vertx = vertx;
    }

    void routes(@Observes Router router) {
        router.get("/internal/instances/:uuid/files").handler(this::get);
        router.post("/internal/instances/:uuid/files").handler(this::post);
        router.delete("/internal/instances/:uuid/files").handler(this::delete);
    }

    private void get(RoutingContext ctx) {
        Optional<Instance> instance = Replies.placed(ctx, agent);
        if (instance.isEmpty()) {
            return;
        }
        ContainerFiles files = new ContainerFiles(agent.paths());
        try (RootedFiles root = files.open(instance.get())) {
            ContainerPath path = ContainerPath.of(ctx.queryParams().get("path"));
            FileStat stat = root.lstat(path).orElseThrow(() -> new FileFailure(404, "Not Found"));
            DiskIds ids = files.diskIds(instance.get().uuid());
            HttpServerResponse response = ctx.response();
            response.putHeader("X-LXD-uid", Long.toString(ids.fromDisk(stat.uid(), true)))
                    .putHeader("X-LXD-gid", Long.toString(ids.fromDisk(stat.gid(), false)))
                    .putHeader("X-LXD-mode", stat.octalMode())
                    .putHeader("X-LXD-type", stat.type())
                    .putHeader("X-LXD-modified", MODIFIED.format(Instant.ofEpochSecond(stat.mtime())));
            switch (stat.type()) {
                case "directory" -> Replies.json(ctx, new JsonArray(root.list(path)).encode());
                case "symlink" -> response.putHeader("content-type", "application/octet-stream")
                        .end(path.absoluteTarget(root.readLink(path)));
                case "file" -> send(ctx, root.openForReading(path), stat.size());
                default -> throw new FileFailure(400, "Bad file type: " + path.full() + " is not a file, folder or"
                        + " symlink");
            }
        } catch (RuntimeException e) {
            Replies.failure(ctx, e);
        }
    }

    private void send(RoutingContext ctx, RootedFiles.Opened file, long size) {
        vertx.fileSystem().open(file.procPath(), new OpenOptions().setRead(true).setWrite(false).setCreate(false))
                .onComplete(opened -> {
                    file.close();
                    if (opened.failed()) {
                        Replies.failure(ctx, opened.cause());
                        return;
                    }
                    AsyncFile content = opened.result().setReadBufferSize(CHUNK);
                    ctx.response().putHeader("content-type", "application/octet-stream")
                            .putHeader("content-length", Long.toString(size));
                    content.pipeTo(ctx.response()).onComplete(done -> content.close());
                });
    }

    private void post(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        request.pause();
        Optional<Instance> instance = Replies.placed(ctx, agent);
        if (instance.isEmpty()) {
            return;
        }
        ContainerFiles files = new ContainerFiles(agent.paths());
        try (RootedFiles root = files.open(instance.get())) {
            ContainerPath path = ContainerPath.of(ctx.queryParams().get("path"));
            DiskIds ids = files.diskIds(instance.get().uuid());
            String type = header(request, "X-LXD-type", "file");
            String write = header(request, "X-LXD-write", "overwrite");
            if (!write.equals("overwrite") && !write.equals("append")) {
                throw new IllegalArgumentException("Bad file write mode: " + write);
            }
            int mode = (int) number(request, "X-LXD-mode", 8);
            long uid = ids.toDisk(Math.max(0, number(request, "X-LXD-uid", 10)), true);
            long gid = ids.toDisk(Math.max(0, number(request, "X-LXD-gid", 10)), false);
            switch (type) {
                case "file" -> {
                    boolean exists = root.lstat(path).isPresent();
                    RootedFiles.Opened file = root.openForWriting(path, write.equals("append"));
                    try {
                        if (!exists) {
                            root.own(file, mode < 0 ? 0644 : mode, uid, gid);
                        }
                    } catch (RuntimeException e) {
                        file.close();
                        throw e;
                    }
                    receive(ctx, file, write.equals("append"));
                }
                case "directory" -> {
                    if (root.lstat(path).isEmpty()) {
                        root.mkdir(path, mode < 0 ? 0750 : mode, uid, gid);
                    }
                    Replies.json(ctx, "{}");
                }
                case "symlink" -> {
                    request.body().onComplete(body -> {
                        if (body.failed()) {
                            Replies.failure(ctx, body.cause());
                            return;
                        }
                        linked(ctx, files, instance.get(), path, body.result().toString(StandardCharsets.UTF_8), uid,
                                gid);
                    });
                    request.resume();
                }
                default -> throw new IllegalArgumentException("Bad file type: " + type);
            }
        } catch (RuntimeException e) {
            Replies.failure(ctx, e);
        }
    }

    private static void linked(RoutingContext ctx, ContainerFiles files, Instance instance, ContainerPath path,
                               String target, long uid, long gid) {
        try (RootedFiles root = files.open(instance)) {
            if (target.isEmpty() || target.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("Bad symlink target");
            }
            if (!root.symlink(path, target, uid, gid) && !root.readLink(path).equals(target)) {
                throw new FileFailure(409, "File exists: " + path.full());
            }
            Replies.json(ctx, "{}");
        } catch (RuntimeException e) {
            Replies.failure(ctx, e);
        }
    }

    private void receive(RoutingContext ctx, RootedFiles.Opened file, boolean append) {
        vertx.fileSystem().open(file.procPath(), new OpenOptions().setRead(false).setWrite(true).setCreate(false)
                        .setTruncateExisting(false).setAppend(append))
                .onComplete(opened -> {
                    file.close();
                    if (opened.failed()) {
                        Replies.failure(ctx, opened.cause());
                        return;
                    }
                    AsyncFile content = opened.result();
                    ctx.request().pipeTo(content).onComplete(done -> {
                        if (done.succeeded()) {
                            Replies.json(ctx, "{}");
                        } else {
                            content.close();
                            Replies.failure(ctx, done.cause());
                        }
                    });
                });
    }

    private void delete(RoutingContext ctx) {
        Optional<Instance> instance = Replies.placed(ctx, agent);
        if (instance.isEmpty()) {
            return;
        }
        try (RootedFiles root = new ContainerFiles(agent.paths()).open(instance.get())) {
            root.delete(ContainerPath.of(ctx.queryParams().get("path")));
            Replies.json(ctx, "{}");
        } catch (RuntimeException e) {
            Replies.failure(ctx, e);
        }
    }

    private static String header(HttpServerRequest request, String name, String fallback) {
        String value = request.getHeader(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** A numeric header in {@code radix}; -1 when absent (LXD's "keep as it is"). */
    private static long number(HttpServerRequest request, String name, int radix) {
        String value = request.getHeader(name);
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim(), radix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid " + name + " header: " + value);
        }
    }
}
