package io.lxbus.gateway.api;

import io.lxbus.common.ExecFrames;
import io.lxbus.gateway.domain.ExecRequest;
import io.lxbus.gateway.domain.OperationOutcome;
import io.lxbus.gateway.domain.OperationRegistry;
import io.lxbus.gateway.internal.ExecutorCalls;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@code lxc exec} in flight: the client's websockets (one per fd and {@code control}, LXD's protocol) bridged to
 * one {@link ExecFrames} tunnel to the executor of the instance's host (services/executor/DESIGN.md). The tunnel is
 * opened when the operation begins, while the client connects its fds; the command starts (the start frame is sent)
 * once the client connected every required fd and the tunnel is open; the operation ends with the exit status in
 * {@code metadata.return} after the output's end was forwarded, or fails if the executor goes away first.
 */
final class ExecSession {
    private static final Logger LOG = Logger.getLogger(ExecSession.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ExecRequest request;
    private final ExecutorCalls executors;
    private final String apiAddress;
    private final String instanceUuid;
    private final String instanceName;
    private final JsonObject start;
    private final Map<String, Object> recorded = new LinkedHashMap<>();
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final Map<String, ServerWebSocket> clients = new ConcurrentHashMap<>();
    private final CompletableFuture<OperationOutcome> done = new CompletableFuture<>();
    /** The tunnel once open, before the command was started. */
    private NetSocket tunnel;
    /** The tunnel once the command was started: stdin and control go there. */
    private volatile NetSocket executor;
    private volatile boolean executorClosed;
    /** Client sockets whose end of output was sent (the client closes them then; that is not a hang-up). */
    private final java.util.Set<String> ended = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ExecFrames.Decoder decoder = new ExecFrames.Decoder();
    private volatile OperationRegistry.Progress progress;
    private boolean fdsConnected;
    private Integer exitStatus;
    private String error;

    /** @param start the request for the executor, without the operation's id */
    ExecSession(ExecRequest request, ExecutorCalls executors, String apiAddress, String instanceUuid,
                String instanceName, JsonObject start) {
        this.request = request;
        this.executors = executors;
        this.apiAddress = apiAddress;
        this.instanceUuid = instanceUuid;
        this.instanceName = instanceName;
        this.start = start;
        if (request.waitForWebsocket()) {
            for (String fd : request.fds()) {
                byte[] secret = new byte[32];
                RANDOM.nextBytes(secret);
                secrets.put(fd, HexFormat.of().formatHex(secret));
            }
        }
    }

    /** The fd secrets for the operation's {@code metadata.fds}. */
    Map<String, String> secrets() {
        return Map.copyOf(secrets);
    }

    /** Ends when the command ended (or could not run). */
    CompletableFuture<OperationOutcome> done() {
        return done;
    }

    /**
     * The operation's work: without websockets the command starts now (its output recorded under
     * {@code exec_<operation id>} or dropped); with them, once the fds are connected.
     */
    CompletableFuture<OperationOutcome> begin(String operationId, OperationRegistry.Progress progress) {
        this.progress = progress;
        start.put("operationId", operationId);
        if (!request.waitForWebsocket()) {
            String record = "exec_" + operationId;
            start.put("output", request.recordOutput() ? "record" : "discard").put("record", record);
            if (request.recordOutput()) {
                String logs = "/1.0/instances/" + instanceName + "/logs/exec-output/" + record;
                recorded.put("1", logs + ".stdout");
                recorded.put("2", logs + ".stderr");
            }
        }
        openTunnel();
        return done;
    }

    /** The fd a secret opens, or null. */
    String fdFor(String secret) {
        if (secret == null) {
            return null;
        }
        for (Map.Entry<String, String> entry : secrets.entrySet()) {
            if (java.security.MessageDigest.isEqual(entry.getValue().getBytes(), secret.getBytes())) {
                return entry.getKey();
            }
        }
        return null;
    }

    /** Whether the fd may still be connected (each fd once). */
    boolean free(String fd) {
        return !clients.containsKey(fd) && !done.isDone();
    }

    /** Takes a client's websocket for an fd; the command starts when the last required fd arrives. */
    synchronized void attach(String fd, ServerWebSocket socket) {
        if (clients.putIfAbsent(fd, socket) != null || done.isDone()) {
            socket.close((short) 1008, "This fd is already connected");
            return;
        }
        if (executor == null) {
            socket.pause();
        }
        if (fd.equals("control")) {
            socket.textMessageHandler(this::control);
        } else if (fd.equals("0")) {
            socket.binaryMessageHandler(data -> toExecutor(data, socket));
            if (!request.interactive()) {
                socket.textMessageHandler(text -> sendControl(new JsonObject().put("type", "eof")));
            }
        }
        socket.closeHandler(v -> clientClosed(fd));
        if (!fdsConnected && request.requiredFds().stream().allMatch(clients::containsKey)) {
            fdsConnected = true;
            startWhenReady();
        }
    }

    /** Opens the tunnel (connection and upgrade) while the client is still connecting its fds. */
    private void openTunnel() {
        executors.exec(apiAddress, instanceUuid).onComplete(connected -> {
            if (connected.failed()) {
                fail("Cannot reach the executor of instance " + instanceName + ": " + connected.cause().getMessage());
                return;
            }
            NetSocket socket = connected.result();
            socket.handler(this::received);
            // The end comes after every buffered frame was handled (a close event may overtake them).
            socket.closeHandler(v -> executorClosed = true);
            socket.endHandler(v -> {
                executorClosed = true;
                finish();
            });
            socket.exceptionHandler(e -> LOG.debugf("exec on %s: %s", instanceName, e.getMessage()));
            synchronized (this) {
                tunnel = socket;
                if (done.isDone()) {
                    socket.close();
                    return;
                }
                startWhenReady();
            }
        });
    }

    /** Sends the start frame once the tunnel is open and (with websockets) every required fd is connected. */
    private synchronized void startWhenReady() {
        NetSocket socket = tunnel;
        if (socket == null || executor != null || done.isDone() || (request.waitForWebsocket() && !fdsConnected)) {
            return;
        }
        socket.write(Buffer.buffer(ExecFrames.encode(ExecFrames.START, start.encode())));
        executor = socket;
        Buffer early = executors.leftover(socket);
        if (early.length() > 0) {
            received(early);
        }
        socket.resume();
        clients.values().forEach(WebSocketBase::resume);
    }

    private void received(Buffer bytes) {
        try {
            for (ExecFrames.Frame frame : decoder.feed(bytes.getBytes())) {
                switch (frame.kind()) {
                    case ExecFrames.STDOUT -> fromExecutor(1, frame.payload());
                    case ExecFrames.STDERR -> fromExecutor(2, frame.payload());
                    case ExecFrames.MESSAGE -> executorMessage(frame.text());
                    default -> LOG.debugf("exec on %s: unexpected frame %c", instanceName, (char) frame.kind());
                }
            }
        } catch (IllegalArgumentException e) {
            LOG.warnf("exec on %s: %s", instanceName, e.getMessage());
            executor.close();
        }
    }

    private void toExecutor(Buffer data, ServerWebSocket from) {
        NetSocket to = executor;
        if (to == null || executorClosed) {
            return;
        }
        to.write(Buffer.buffer(ExecFrames.encode(ExecFrames.STDIN, data.getBytes(), 0, data.length())));
        if (to.writeQueueFull()) {
            from.pause();
            to.drainHandler(v -> from.resume());
        }
    }

    /** LXD's control messages: window-resize (width and height as strings) and signal. */
    private void control(String text) {
        try {
            JsonObject message = new JsonObject(text);
            switch (message.getString("command", "")) {
                case "window-resize" -> {
                    JsonObject args = message.getJsonObject("args", new JsonObject());
                    sendControl(new JsonObject().put("type", "resize")
                            .put("width", Integer.parseInt(String.valueOf(args.getValue("width", "0"))))
                            .put("height", Integer.parseInt(String.valueOf(args.getValue("height", "0")))));
                }
                case "signal" -> sendControl(new JsonObject().put("type", "signal")
                        .put("signal", message.getInteger("signal", 0)));
                default -> LOG.debugf("exec on %s: unknown control message %s", instanceName, text);
            }
        } catch (RuntimeException e) {
            LOG.debugf("exec on %s: bad control message %s: %s", instanceName, text, e.getMessage());
        }
    }

    private void sendControl(JsonObject message) {
        NetSocket to = executor;
        if (to != null && !executorClosed) {
            to.write(Buffer.buffer(ExecFrames.encode(ExecFrames.CONTROL, message.encode())));
        }
    }

    /** Output from the executor, to the client's socket of that fd (with a pty everything goes to socket 0). */
    private void fromExecutor(int fd, byte[] data) {
        ServerWebSocket to = clients.get(outputSocket(fd));
        if (to == null || to.isClosed()) {
            return;
        }
        to.writeBinaryMessage(Buffer.buffer(data));
        NetSocket from = executor;
        if (to.writeQueueFull() && from != null) {
            from.pause();
            to.drainHandler(v -> from.resume());
        }
    }

    private void executorMessage(String text) {
        JsonObject message;
        try {
            message = new JsonObject(text);
        } catch (RuntimeException e) {
            LOG.debugf("exec on %s: bad message from the executor: %s", instanceName, text);
            return;
        }
        switch (message.getString("type", "")) {
            case "eof" -> {
                ended.add(outputSocket(message.getInteger("fd", 1)));
                ServerWebSocket to = clients.get(outputSocket(message.getInteger("fd", 1)));
                if (to != null && !to.isClosed()) {
                    to.writeTextMessage("");
                }
            }
            case "exit" -> {
                synchronized (this) {
                    exitStatus = message.getInteger("return", -1);
                }
                // Every output frame came before it: the command is over. Closing the tunnel tells the executor.
                finish();
                NetSocket tunnel = executor;
                if (tunnel != null) {
                    tunnel.close();
                }
            }
            case "error" -> {
                synchronized (this) {
                    error = message.getString("error", "The command could not run");
                }
            }
            default -> LOG.debugf("exec on %s: unknown message from the executor: %s", instanceName, text);
        }
    }

    private String outputSocket(int fd) {
        return request.interactive() ? "0" : Integer.toString(fd);
    }

    /** The executor's tunnel closed: the command ended (with its status) or the executor went away. */
    private void finish() {
        if (done.isDone()) {
            return;
        }
        Integer status;
        String why;
        synchronized (this) {
            status = exitStatus;
            why = error;
        }
        if (status == null) {
            fail(why != null ? why : "The executor of instance " + instanceName
                    + " went away while the command ran (it stopped or restarted)");
            return;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("return", status);
        if (!recorded.isEmpty()) {
            metadata.put("output", recorded);
        }
        progress.metadata(metadata);
        String err = status == 127 ? "Command not found" : status == 126 ? "Command not executable" : null;
        done.complete(err == null ? OperationOutcome.success(metadata)
                : new OperationOutcome(false, err, metadata));
        closeClients();
    }

    private void fail(String message) {
        done.complete(OperationOutcome.failure(message));
        closeClients();
        closeUnstartedTunnel();
    }

    /** A tunnel opened for a command that will never start (the client went away, the operation was stopped). */
    private synchronized void closeUnstartedTunnel() {
        if (tunnel != null && executor == null) {
            tunnel.close();
        }
    }

    private void clientClosed(String fd) {
        if (done.isDone()) {
            return;
        }
        boolean output = request.interactive() ? fd.equals("0") : fd.equals("1") || fd.equals("2");
        if (fd.equals("0") && !request.interactive()) {
            sendControl(new JsonObject().put("type", "eof"));
        }
        if (output && ended.contains(fd)) {
            return; // the client closes an output socket once it saw its end: the exit message is still to come
        }
        if (output) {
            LOG.debugf("exec on %s: the client closed fd %s; stopping the command", instanceName, fd);
            NetSocket to = executor;
            if (to != null && !executorClosed) {
                to.close();
            } else if (to == null) {
                fail("The client went away before the command started");
            }
        }
    }

    private void closeClients() {
        clients.values().forEach(socket -> {
            if (!socket.isClosed()) {
                socket.close();
            }
        });
    }

    /** Ends a command that has not finished (operation cancelled or gateway stopping). */
    void abort() {
        NetSocket to = executor;
        if (to != null && !executorClosed) {
            to.close();
        }
        fail("The command was stopped");
    }
}
