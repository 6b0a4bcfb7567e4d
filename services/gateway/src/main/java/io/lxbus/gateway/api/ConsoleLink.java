package io.lxbus.gateway.api;

import io.lxbus.gateway.domain.OperationOutcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.lxbus.common.StreamFrames;
import io.lxbus.gateway.internal.ExecutorStream;
import io.vertx.core.buffer.Buffer;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One console operation's sockets: the client's {@code 0} and {@code control}, and the executor's console stream
 * ({@link StreamFrames} in one HTTP exchange), opened once the client has connected both. Console bytes pass both
 * ways; the client's control messages pass to the executor as control frames. The first socket to close ends everything, and the operation succeeds (a
 * console the executor refused, or a client that never connected, fails it).
 */
final class ConsoleLink {
    private static final long CONNECT_MILLIS = 30_000;
    private final Vertx vertx;
    private final Map<String, String> secrets;
    private final Supplier<Future<ExecutorStream>> connect;
    private final Runnable attached;
    private final CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
    private final long timer;
    private ServerWebSocket data;
    private ServerWebSocket control;
    private ExecutorStream host;
    private boolean finished;

    ConsoleLink(Vertx vertx, Map<String, String> secrets, Supplier<Future<ExecutorStream>> connect, Runnable attached) {
        this.vertx = vertx;
        this.secrets = Map.copyOf(secrets);
        this.connect = connect;
        this.attached = attached;
        this.timer = vertx.setTimer(CONNECT_MILLIS, id -> finish(OperationOutcome.failure(
                "The client did not connect to the console's websockets in time")));
    }

    /** Completes with the operation's outcome. */
    CompletableFuture<OperationOutcome> done() {
        return done;
    }

    /** Which socket ({@code 0} or {@code control}) a secret opens, or null. */
    String fdOf(String secret) {
        if (secret == null) {
            return null;
        }
        return secrets.entrySet().stream().filter(e -> e.getValue().equals(secret)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    /** The client connected one of its sockets; a second connection of the same socket is refused. */
    synchronized void connected(String fd, ServerWebSocket socket) {
        boolean isData = fd.equals("0");
        if (finished || (isData ? data : control) != null) {
            socket.close();
            return;
        }
        if (isData) {
            data = socket;
        } else {
            control = socket;
        }
        socket.closeHandler(closed -> finish(OperationOutcome.success(Map.of())));
        socket.exceptionHandler(failure -> finish(OperationOutcome.success(Map.of())));
        if (data != null && control != null) {
            vertx.cancelTimer(timer);
            data.pause();
            control.pause();
            connect.get().onComplete(opened -> joined(opened.succeeded() ? opened.result() : null,
                    opened.failed() ? opened.cause() : null));
        }
    }

    private synchronized void joined(ExecutorStream console, Throwable failure) {
        if (failure != null) {
            finish(OperationOutcome.failure("Cannot attach to the console: " + failure.getMessage()));
            return;
        }
        if (finished) {
            console.close();
            return;
        }
        host = console;
        StreamFrames.Decoder decoder = new StreamFrames.Decoder();
        host.handler(chunk -> {
            for (StreamFrames.Frame frame : decoder.feed(chunk.getBytes())) {
                if (frame.type() == StreamFrames.DATA) {
                    data.writeBinaryMessage(Buffer.buffer(frame.payload()));
                }
            }
        });
        host.endHandler(() -> finish(OperationOutcome.success(Map.of())));
        data.binaryMessageHandler(bytes -> host.write(StreamFrames.encode(StreamFrames.DATA, bytes.getBytes())));
        control.textMessageHandler(text -> host.write(StreamFrames.encode(StreamFrames.CONTROL,
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        data.resume();
        control.resume();
        attached.run();
    }

    private void finish(OperationOutcome outcome) {
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
        }
        vertx.cancelTimer(timer);
        for (ServerWebSocket socket : new ServerWebSocket[] {data, control}) {
            if (socket != null && !socket.isClosed()) {
                socket.close();
            }
        }
        if (host != null) {
            host.close();
        }
        done.complete(outcome);
    }
}
