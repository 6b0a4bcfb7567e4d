package io.lxbus.gateway.internal;

import io.lxbus.common.ExecFrames;
import io.lxbus.common.InternalToken;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Exec on an executor's internal API ({@code unix:/path} addresses): the exec tunnel and the recorded output files.
 * Every call carries the stack's internal token. (The tunnel is an HTTP upgrade, not a websocket: Vert.x 4's
 * websocket client cannot dial unix sockets.)
 */
@ApplicationScoped
public class ExecutorCalls {
    private final HttpClient tunnels;
    private final HttpClient http;
    private final InternalTokenFile token;

    public ExecutorCalls(Vertx vertx, InternalTokenFile token) {
        this.tunnels = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false).setMaxPoolSize(256));
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false).setMaxPoolSize(16));
        this.token = token;
    }

    /** Opens the exec tunnel of an instance on its executor ({@link ExecFrames}, an HTTP upgrade). */
    public Future<NetSocket> exec(String apiAddress, String instanceUuid) {
        RequestOptions options = new RequestOptions()
                .setServer(SocketAddress.domainSocketAddress(socketPath(apiAddress)))
                .setHost("localhost")
                .setMethod(HttpMethod.GET)
                .setURI("/internal/instances/" + encode(instanceUuid) + "/exec")
                .putHeader("Connection", "Upgrade")
                .putHeader("Upgrade", ExecFrames.PROTOCOL)
                .putHeader(InternalToken.HEADER, token.value());
        return tunnels.request(options).compose(HttpClientRequest::connect).compose(response -> {
            if (response.statusCode() != 101) {
                return response.body().compose(body -> Future.failedFuture(response.statusCode() + " "
                        + new io.vertx.core.json.JsonObject(body).getString("error", body.toString())));
            }
            return Future.succeededFuture(response.netSocket());
        });
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
