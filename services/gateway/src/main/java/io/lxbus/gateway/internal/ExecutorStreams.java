package io.lxbus.gateway.internal;

import io.lxbus.events.ErrorCode;
import io.lxbus.gateway.domain.GatewayError;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.ReadStream;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * An executor's data API ({@code unix:/path} from {@code lxbus.executor.hosts}): files, logs and the console. Bodies
 * are streamed both ways with back-pressure (a request body is piped as it arrives, a response is handed back
 * unread), so a 100 MB file never sits in the gateway's memory. Nothing is cached. Every call carries the stack's
 * internal token.
 */
@ApplicationScoped
public class ExecutorStreams {
    private final HttpClient client;
    private final Vertx vertx;
    private final io.vertx.core.net.NetClient net;
    private final InternalTokenFile token;

    public ExecutorStreams(Vertx vertx, InternalTokenFile token) {
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false).setMaxPoolSize(64));
        this.vertx = vertx;
        this.net = vertx.createNetClient();
        this.token = token;
    }

    /**
     * Sends {@code method uri} to the executor at {@code apiAddress} with {@code headers}, streaming {@code body}
     * (paused by the caller) when there is one; completes with the executor's response, its body not read yet.
     * Fails with UNAVAILABLE when the executor cannot be reached.
     */
    public Future<HttpClientResponse> call(String apiAddress, HttpMethod method, String uri, MultiMap headers,
                                           ReadStream<Buffer> body) {
        RequestOptions options = new RequestOptions().setServer(server(apiAddress)).setHost("localhost")
                .setMethod(method).setURI(uri);
        return client.request(options).compose(request -> {
            request.headers().addAll(headers);
            request.putHeader(io.lxbus.common.InternalToken.HEADER, token.value());
            if (body == null) {
                return request.send();
            }
            request.setChunked(true);
            return request.send(body);
        }).recover(failure -> Future.failedFuture(unreachable(apiAddress, failure)));
    }

    /** Opens {@code POST uri} on the executor as a stream both ways; fails with the executor's refusal. */
    public Future<ExecutorStream> duplex(String apiAddress, String uri) {
        String path = server(apiAddress).path();
        return ExecutorStream.open(vertx, net, path, uri, token.value());
    }

    /** A query parameter's value, encoded. */
    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static SocketAddress server(String apiAddress) {
        if (apiAddress == null || !apiAddress.startsWith("unix:")) {
            throw new GatewayError(ErrorCode.UNAVAILABLE, "The instance's host has no reachable executor ("
                    + apiAddress + ")");
        }
        return SocketAddress.domainSocketAddress(apiAddress.substring("unix:".length()));
    }

    private static Throwable unreachable(String apiAddress, Throwable failure) {
        return failure instanceof GatewayError ? failure : new GatewayError(ErrorCode.UNAVAILABLE,
                "The executor at " + apiAddress + " is not reachable: " + failure.getMessage());
    }
}
