package io.lxbus.storage.api;

import io.lxbus.events.Image;
import io.lxbus.events.Keys;
import io.lxbus.events.Requestor;
import io.lxbus.events.wire.Json;
import io.lxbus.storage.domain.FingerprintDigest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /internal/images?project=P}: the gateway forwards an image upload as it received it, a unified
 * tarball ({@code application/octet-stream}) or a split image ({@code multipart/form-data}, parts {@code metadata}
 * and {@code rootfs}). The body is streamed to disk (hashing the unified file on the way); the import itself runs
 * on a worker thread. Answers 200 with the image record, or an error {@code {"error", "error_code"}}.
 */
@ApplicationScoped
public class ImportRoute {
    private static final Logger LOG = Logger.getLogger(ImportRoute.class);

    @Inject
    ImageImporter importer;

    void routes(@Observes Router router) {
        router.post("/internal/images").handler(this::upload);
    }

    private void upload(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String contentType = String.valueOf(request.getHeader("Content-Type"));
        try {
            if (contentType.startsWith("multipart/form-data")) {
                receiveSplit(ctx);
            } else {
                receiveUnified(ctx);
            }
        } catch (IOException e) {
            fail(ctx, 500, "Cannot store the upload: " + e.getMessage());
        }
    }

    private void receiveUnified(RoutingContext ctx) throws IOException {
        HttpServerRequest request = ctx.request();
        Path file = importer.temporaryFile("unified");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FingerprintDigest digest = new FingerprintDigest();
        Sink sink = new Sink(channel, digest);
        request.handler(sink::write);
        request.exceptionHandler(e -> {
            sink.close();
            delete(file);
        });
        request.endHandler(v -> {
            sink.close();
            if (sink.failure != null) {
                delete(file);
                fail(ctx, 500, "Cannot store the upload: " + sink.failure.getMessage());
                return;
            }
            finish(ctx, request(ctx, file, null), digest.fingerprint());
        });
        request.resume();
    }

    private void receiveSplit(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        request.setExpectMultipart(true);
        Map<String, Path> parts = new LinkedHashMap<>();
        Map<String, Sink> sinks = new LinkedHashMap<>();
        request.uploadHandler((HttpServerFileUpload upload) -> {
            String name = upload.name();
            try {
                Path file = importer.temporaryFile(name);
                parts.put(name, file);
                Sink sink = new Sink(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        null);
                sinks.put(name, sink);
                upload.handler(sink::write);
                upload.endHandler(v -> sink.close());
            } catch (IOException e) {
                LOG.warnf("Cannot store part %s: %s", name, e.toString());
            }
        });
        request.endHandler(v -> {
            sinks.values().forEach(Sink::close);
            Path metadata = parts.remove("metadata");
            Path rootfs = parts.remove("rootfs");
            if (rootfs == null) {
                rootfs = parts.remove("rootfs.img");
            }
            parts.values().forEach(ImportRoute::delete);
            boolean broken = sinks.values().stream().anyMatch(s -> s.failure != null);
            if (metadata == null || rootfs == null || broken) {
                delete(metadata);
                delete(rootfs);
                fail(ctx, broken ? 500 : 400, broken ? "Cannot store the upload"
                        : "A split image needs the parts \"metadata\" and \"rootfs\"");
                return;
            }
            finish(ctx, request(ctx, metadata, rootfs), null);
        });
        request.resume();
    }

    private ImportRequest request(RoutingContext ctx, Path main, Path rootfs) {
        HttpServerRequest request = ctx.request();
        String project = request.getParam("project");
        String filename = request.getHeader("X-LXD-filename");
        String username = request.getHeader("X-Lxbus-Requestor-Username");
        Requestor requestor = username == null ? null : new Requestor(username,
                valueOr(request.getHeader("X-Lxbus-Requestor-Protocol"), "unix"),
                valueOr(request.getHeader("X-Lxbus-Requestor-Address"), "@"));
        return new ImportRequest(project == null || project.isEmpty() ? Keys.DEFAULT_PROJECT : project,
                filename == null ? "" : filename, "true".equalsIgnoreCase(request.getHeader("X-LXD-public")),
                properties(request.getHeader("X-LXD-properties")), main, rootfs, requestor);
    }

    private void finish(RoutingContext ctx, ImportRequest request, String fingerprint) {
        ctx.vertx().<Image>executeBlocking(() -> importer.importImage(request, fingerprint), false)
                .onSuccess(image -> {
                    try {
                        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                                .end(Buffer.buffer(Json.mapper().writeValueAsBytes(image)));
                    } catch (IOException e) {
                        fail(ctx, 500, e.getMessage());
                    }
                })
                .onFailure(e -> fail(ctx, e instanceof ImportFailure f ? f.status() : 500, e.getMessage()));
    }

    /** Parses {@code X-LXD-properties}: URL-encoded {@code k=v&k2=v2}. */
    static Map<String, String> properties(String header) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (header == null || header.isEmpty()) {
            return properties;
        }
        for (String pair : header.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            properties.put(key, value);
        }
        return properties;
    }

    static void fail(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended()) {
            return;
        }
        Map<String, Object> body = Map.of("type", "error", "error", message == null ? "" : message,
                "error_code", status);
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(Buffer.buffer(Json.mapper().writeValueAsBytes(body)));
        } catch (IOException e) {
            ctx.response().setStatusCode(status).end();
        }
    }

    private static String valueOr(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                java.nio.file.Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // Start-up clean-up removes leftovers.
            }
        }
    }

    /** Writes chunks to a file (and a digest), remembering the first failure. */
    private static final class Sink {
        private final FileChannel channel;
        private final FingerprintDigest digest;
        private IOException failure;

        Sink(FileChannel channel, FingerprintDigest digest) {
            this.channel = channel;
            this.digest = digest;
        }

        void write(Buffer buffer) {
            if (failure != null) {
                return;
            }
            byte[] bytes = buffer.getBytes();
            if (digest != null) {
                digest.update(bytes, 0, bytes.length);
            }
            try {
                ByteBuffer wrapped = ByteBuffer.wrap(bytes);
                while (wrapped.hasRemaining()) {
                    channel.write(wrapped);
                }
            } catch (IOException e) {
                failure = e;
            }
        }

        void close() {
            try {
                if (channel.isOpen()) {
                    channel.close();
                }
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
    }
}
