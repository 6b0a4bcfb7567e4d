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
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
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
    private final NetClient net;
    private final java.util.Map<NetSocket, Buffer> leftovers = new java.util.concurrent.ConcurrentHashMap<>();
    private final HttpClient http;
    private final InternalTokenFile token;

    public ExecutorCalls(Vertx vertx, InternalTokenFile token) {
        this.net = vertx.createNetClient(new NetClientOptions());
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false).setMaxPoolSize(16));
        this.token = token;
    }

    /**
     * Opens the exec tunnel of an instance on its executor ({@link ExecFrames}): an HTTP/1.1 upgrade written on a
     * plain unix socket connection; the socket is handed over, paused, once the executor answered 101.
     */
    public Future<NetSocket> exec(String apiAddress, String instanceUuid) {
        String head = "GET /internal/instances/" + encode(instanceUuid) + "/exec HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: Upgrade\r\nUpgrade: " + ExecFrames.PROTOCOL + "\r\n" + InternalToken.HEADER + ": "
                + token.value() + "\r\n\r\n";
        return net.connect(SocketAddress.domainSocketAddress(socketPath(apiAddress))).compose(socket -> {
            Promise<NetSocket> upgraded = Promise.promise();
            Buffer answer = Buffer.buffer();
            socket.handler(bytes -> {
                answer.appendBuffer(bytes);
                String text = answer.toString(StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end < 0) {
                    return;
                }
                socket.pause();
                socket.handler(null);
                if (!text.startsWith("HTTP/1.1 101")) {
                    socket.close();
                    String status = text.substring(0, text.indexOf("\r\n"));
                    String body = text.substring(end + 4);
                    upgraded.tryFail(status + (body.isBlank() ? "" : ": " + body.strip()));
                    return;
                }
                if (answer.length() > end + 4) {
                    leftovers.put(socket, answer.getBuffer(end + 4, answer.length()));
                }
                upgraded.tryComplete(socket);
            });
            socket.closeHandler(v -> upgraded.tryFail("The executor closed the connection"));
            socket.write(head);
            return upgraded.future();
        });
    }

    /** Bytes of the tunnel that arrived with the executor's 101 answer (read them before resuming the socket). */
    public Buffer leftover(NetSocket socket) {
        Buffer rest = leftovers.remove(socket);
        return rest == null ? Buffer.buffer() : rest;
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
