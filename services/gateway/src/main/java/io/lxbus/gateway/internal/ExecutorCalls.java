package io.lxbus.gateway.internal;

import io.lxbus.common.InternalToken;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Exec on an executor's internal API ({@code unix:/path} addresses): the exec websocket and the recorded output
 * files. Every call carries the stack's internal token.
 */
@ApplicationScoped
public class ExecutorCalls {
    private final WebSocketClient sockets;
    private final HttpClient http;
    private final InternalTokenFile token;

    public ExecutorCalls(Vertx vertx, InternalTokenFile token) {
        this.sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20)
                .setMaxMessageSize(1 << 20));
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false).setMaxPoolSize(16));
        this.token = token;
    }

    /** Opens the exec websocket of an instance on its executor. */
    public Future<WebSocket> exec(String apiAddress, String instanceUuid) {
        WebSocketConnectOptions options = new WebSocketConnectOptions();
        options.setServer(SocketAddress.domainSocketAddress(socketPath(apiAddress)));
        options.setHost("localhost");
        options.setURI("/internal/instances/" + encode(instanceUuid) + "/exec");
        options.putHeader(InternalToken.HEADER, token.value());
        return sockets.connect(options);
    }

    /** Lists ({@code file} null), reads or deletes recorded exec output; the executor's status and body. */
    public Future<HostApis.Reply> output(String apiAddress, String instanceUuid, HttpMethod method, String file) {
        RequestOptions options = new RequestOptions()
                .setServer(SocketAddress.domainSocketAddress(socketPath(apiAddress)))
                .setHost("localhost")
                .setMethod(method)
                .setURI("/internal/instances/" + encode(instanceUuid) + "/exec-output"
                        + (file == null ? "" : "/" + encode(file)))
                .putHeader(InternalToken.HEADER, token.value());
        return http.request(options).compose(HttpClientRequest::send)
                .compose(response -> response.body().map(body -> new HostApis.Reply(response.statusCode(),
                        body.getBytes())));
    }

    private static String socketPath(String apiAddress) {
        if (apiAddress == null || !apiAddress.startsWith("unix:")) {
            throw new IllegalStateException("The executor's address is not a unix socket: " + apiAddress);
        }
        return apiAddress.substring("unix:".length());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
