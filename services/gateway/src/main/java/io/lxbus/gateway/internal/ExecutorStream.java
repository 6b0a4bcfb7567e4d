package io.lxbus.gateway.internal;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One HTTP/1.1 {@code POST} to an executor whose request and response bodies both stay open (the console), spoken
 * directly on the unix socket: the request body is sent in chunks as it is written, the response body is handed on
 * chunk by chunk. Vert.x's HTTP client does not hand back a response before the request ended, hence this.
 */
public final class ExecutorStream {
    private final NetSocket socket;
    private Buffer pending = Buffer.buffer();
    private boolean inHead = true;
    private long chunkLeft = -1;
    private Consumer<Buffer> body = chunk -> { };
    private Runnable end = () -> { };
    private boolean ended;

    private ExecutorStream(NetSocket socket) {
        this.socket = socket;
    }

    /** Opens {@code POST uri} on the socket at {@code path}; completes once the executor answered 200. */
    static Future<ExecutorStream> open(Vertx vertx, NetClient client, String path, String uri, String token) {
        Promise<ExecutorStream> answered = Promise.promise();
        client.connect(SocketAddress.domainSocketAddress(path)).onComplete(connected -> {
            if (connected.failed()) {
                answered.fail(connected.cause());
                return;
            }
            ExecutorStream stream = new ExecutorStream(connected.result());
            stream.socket.handler(data -> stream.received(data, answered));
            stream.socket.closeHandler(closed -> {
                answered.tryFail("The executor closed the console");
                stream.finish();
            });
            stream.socket.write("POST " + uri + " HTTP/1.1\r\nHost: localhost\r\n"
                    + io.lxbus.common.InternalToken.HEADER + ": " + token + "\r\nTransfer-Encoding: chunked\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n");
        });
        return answered.future();
    }

    /** Sends bytes as one chunk of the request body. */
    public void write(byte[] bytes) {
        if (!ended && bytes.length > 0) {
            socket.write(Buffer.buffer(Integer.toHexString(bytes.length) + "\r\n").appendBytes(bytes)
                    .appendString("\r\n"));
        }
    }

    /** Where the response body goes, chunk by chunk. */
    public void handler(Consumer<Buffer> handler) {
        this.body = handler;
    }

    /** Runs once the response ended or the connection closed. */
    public void endHandler(Runnable handler) {
        this.end = handler;
    }

    /** Ends the exchange (closes the connection). */
    public void close() {
        socket.close();
    }

    private void received(Buffer data, Promise<ExecutorStream> answered) {
        pending.appendBuffer(data);
        if (inHead) {
            String text = pending.toString(StandardCharsets.ISO_8859_1);
            int headEnd = text.indexOf("\r\n\r\n");
            if (headEnd < 0) {
                return;
            }
            String head = text.substring(0, headEnd);
            pending = pending.getBuffer(headEnd + 4, pending.length());
            inHead = false;
            if (!head.startsWith("HTTP/1.1 200")) {
                answered.tryFail(head.lines().findFirst().orElse(head));
                socket.close();
                return;
            }
            answered.tryComplete(this);
        }
        dechunk();
    }

    private void dechunk() {
        while (!ended) {
            if (chunkLeft < 0) {
                String text = pending.toString(StandardCharsets.ISO_8859_1);
                int eol = text.indexOf("\r\n");
                if (eol < 0) {
                    return;
                }
                chunkLeft = Long.parseLong(text.substring(0, eol).split(";")[0].trim(), 16);
                pending = pending.getBuffer(eol + 2, pending.length());
                if (chunkLeft == 0) {
                    finish();
                    socket.close();
                    return;
                }
            }
            if (pending.length() < chunkLeft + 2) {
                return;
            }
            Buffer chunk = pending.getBuffer(0, (int) chunkLeft);
            pending = pending.getBuffer((int) chunkLeft + 2, pending.length());
            chunkLeft = -1;
            body.accept(chunk);
        }
    }

    private void finish() {
        if (!ended) {
            ended = true;
            end.run();
        }
    }
}
