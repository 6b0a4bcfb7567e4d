package io.lxbus.gateway.internal;

import io.lxbus.events.ErrorCode;
import io.lxbus.gateway.GatewayConfig;
import io.lxbus.gateway.domain.GatewayError;
import io.lxbus.gateway.domain.LiveState;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The host services' internal HTTP APIs on their unix sockets: an executor's live instance state, and the
 * storage service's image import, to which an upload is streamed as it arrives. Nothing is cached.
 */
@ApplicationScoped
public class HostApis {
    private static final Logger LOG = Logger.getLogger(HostApis.class);
    /** Request headers of an image upload that the storage service needs too. */
    static final List<String> UPLOAD_HEADERS = List.of("Content-Type", "Content-Length", "X-LXD-filename",
            "X-LXD-public", "X-LXD-properties", "X-LXD-profiles");

    /**
     * The storage service's answer to an upload.
     *
     * @param status its HTTP status
     * @param body   its JSON body
     */
    public record Reply(int status, byte[] body) {
    }

    private final HttpClient client;
    private final Duration executorTimeout;
    private final String storageSocket;
    private final long uploadLimit;
    private final InternalTokenFile token;

    public HostApis(Vertx vertx, GatewayConfig config, InternalTokenFile token) {
        this.token = token;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false).setMaxPoolSize(64));
        this.executorTimeout = config.executorTimeout();
        this.storageSocket = config.storageSocketPath();
        this.uploadLimit = config.imageUploadLimit();
    }

    /**
     * Asks an executor ({@code unix:/path} address) for an instance's live state; empty on any failure or
     * after the executor timeout, never an exception.
     */
    public CompletableFuture<Optional<LiveState>> liveState(String apiAddress, String instanceUuid) {
        if (apiAddress == null || !apiAddress.startsWith("unix:") || instanceUuid == null || instanceUuid.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        CompletableFuture<Optional<LiveState>> out = new CompletableFuture<>();
        long millis = Math.max(1, executorTimeout.toMillis());
        RequestOptions options = new RequestOptions()
                .setServer(SocketAddress.domainSocketAddress(apiAddress.substring("unix:".length())))
                .setHost("localhost")
                .setMethod(HttpMethod.GET)
                .setURI("/internal/instances/" + encode(instanceUuid) + "/state")
                .putHeader(io.lxbus.common.InternalToken.HEADER, token.value())
                .setConnectTimeout(millis)
                .setIdleTimeout(millis);
        try {
            client.request(options)
                    .compose(HttpClientRequest::send)
                    .compose(response -> response.body().map(body -> response.statusCode() == 200
                            ? LiveState.parse(body.getBytes()) : Optional.<LiveState>empty()))
                    .onComplete(result -> {
                        if (result.failed()) {
                            LOG.debugf("No live state for %s from %s: %s", instanceUuid, apiAddress,
                                    result.cause().getMessage());
                        }
                        out.complete(result.succeeded() ? result.result() : Optional.empty());
                    });
        } catch (RuntimeException e) {
            LOG.debugf("No live state for %s from %s: %s", instanceUuid, apiAddress, e.getMessage());
            out.complete(Optional.empty());
        }
        return out.completeOnTimeout(Optional.empty(), millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Streams an image upload's body, as it arrives, to the storage service's {@code POST /internal/images}
     * with the same content type and {@code X-LXD-*} headers, and completes with its answer. Fails with
     * UNAVAILABLE when the storage service cannot be reached or breaks off, PAYLOAD_TOO_LARGE past the limit.
     * Call it before the request's body has been read (the request is paused at once).
     */
    public CompletableFuture<Reply> uploadImage(HttpServerRequest request, String project) {
        request.pause();
        CompletableFuture<Reply> out = new CompletableFuture<>();
        RequestOptions options = new RequestOptions()
                .setServer(SocketAddress.domainSocketAddress(storageSocket))
                .setHost("localhost")
                .setMethod(HttpMethod.POST)
                .setURI("/internal/images?project=" + encode(project))
                .putHeader(io.lxbus.common.InternalToken.HEADER, token.value());
        client.request(options).onComplete(connected -> {
            if (connected.failed()) {
                out.completeExceptionally(new GatewayError(ErrorCode.UNAVAILABLE, "The storage service is not reachable"
                        + " at " + storageSocket + ": " + connected.cause().getMessage()));
                return;
            }
            HttpClientRequest forward = connected.result();
            for (String name : UPLOAD_HEADERS) {
                String value = request.getHeader(name);
                if (value != null) {
                    forward.putHeader(name, value);
                }
            }
            if (request.getHeader("Content-Length") == null) {
                forward.setChunked(true);
            }
            LimitedStream body = new LimitedStream(request, uploadLimit, () -> {
                out.completeExceptionally(new GatewayError(ErrorCode.PAYLOAD_TOO_LARGE,
                        "Image too large (the limit is " + uploadLimit + " bytes)"));
                forward.reset();
            });
            forward.send(body)
                    .compose(response -> response.body().map(reply -> new Reply(response.statusCode(), reply.getBytes())))
                    .onComplete(answered -> {
                        if (answered.succeeded()) {
                            out.complete(answered.result());
                        } else {
                            out.completeExceptionally(new GatewayError(ErrorCode.UNAVAILABLE,
                                    "The storage service broke off the upload: " + answered.cause().getMessage()));
                        }
                    });
        });
        return out;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
