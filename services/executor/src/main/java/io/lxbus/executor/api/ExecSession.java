package io.lxbus.executor.api;

import io.lxbus.common.ExecFrames;
import io.lxbus.executor.driver.ExecProcess;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One running command bridged to the gateway's exec tunnel ({@link ExecFrames}; DESIGN.md "exec"). Threads (from a
 * shared pool): one per output stream, one writing stdin, one waiting for the exit; the event loop only queues. The
 * exit message is sent after every output stream reached its end; the gateway then closes the tunnel. A tunnel that
 * closes first kills the command.
 */
final class ExecSession {
    private static final Logger LOG = Logger.getLogger(ExecSession.class);
    private static final int CHUNK = 32 * 1024;
    private static final long STDIN_HIGH_WATER = 1024 * 1024;
    private static final byte[] EOF = new byte[0];
    private static final long CLOSE_GRACE_MS = 5000;
    /**
     * How long a command runs before its {@code instance-exec} fact is published (at its end if it ends sooner): the
     * fact costs the bus a transaction, which on a small host competes for CPU with the attach and a short command.
     */
    static final long FACT_DELAY_MS = 100;

    private final NetSocket socket;
    private final ExecFrames.Decoder decoder;
    private final ExecProcess process;
    private final String label;
    private final Executor threads;
    private final Runnable fact;
    private final Vertx vertx;
    private final Object drained = new Object();
    private final LinkedBlockingQueue<byte[]> stdin = new LinkedBlockingQueue<>();
    private final AtomicLong stdinQueued = new AtomicLong();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile boolean paused;
    private volatile boolean closed;

    /**
     * @param decoder the tunnel's decoder, which already read the start frame
     * @param threads where the session's four blocking loops run (a thread each, for as long as the command runs)
     * @param fact publishes the command's {@code instance-exec} fact; only its first call counts
     */
    ExecSession(Vertx vertx, NetSocket socket, ExecFrames.Decoder decoder, ExecProcess process, String label,
                Executor threads, Runnable fact) {
        this.vertx = vertx;
        this.socket = socket;
        this.decoder = decoder;
        this.process = process;
        this.label = label;
        this.threads = threads;
        this.fact = fact;
    }

    /** Starts the pumps, then handles the frames that came with the start; call on the socket's event loop. */
    void run(java.util.List<ExecFrames.Frame> early) {
        socket.drainHandler(v -> {
            synchronized (drained) {
                drained.notifyAll();
            }
        });
        socket.handler(this::received);
        socket.closeHandler(v -> {
            closed = true;
            if (!finished.get()) {
                LOG.infof("exec %s: the caller went away; killing the command", label);
                process.kill();
            }
            stdin.offer(EOF);
        });
        CompletableFuture<Void> out = CompletableFuture.runAsync(() -> pump(process.stdout(), 1), threads);
        CompletableFuture<Void> err = process.stderr() == null ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(() -> pump(process.stderr(), 2), threads);
        threads.execute(this::writeStdin);
        CompletableFuture<?> outputs = CompletableFuture.allOf(out, err).handle((done, failure) -> null);
        threads.execute(() -> awaitExit(outputs));
        vertx.setTimer(FACT_DELAY_MS, timer -> threads.execute(fact));
        early.forEach(this::handle);
    }

    private void received(Buffer bytes) {
        try {
            decoder.feed(bytes.getBytes()).forEach(this::handle);
        } catch (IllegalArgumentException e) {
            LOG.warnf("exec %s: %s; closing", label, e.getMessage());
            socket.close();
        }
    }

    private void handle(ExecFrames.Frame frame) {
        switch (frame.kind()) {
            case ExecFrames.STDIN -> input(frame.payload());
            case ExecFrames.CONTROL -> control(frame.text());
            default -> LOG.debugf("exec %s: unexpected frame %c", label, (char) frame.kind());
        }
    }

    private void input(byte[] data) {
        if (data.length == 0) {
            return;
        }
        stdin.offer(data);
        if (stdinQueued.addAndGet(data.length) > STDIN_HIGH_WATER && !paused) {
            paused = true;
            socket.pause();
        }
    }

    private void control(String text) {
        try {
            JsonObject message = new JsonObject(text);
            switch (message.getString("type", "")) {
                case "eof" -> stdin.offer(EOF);
                case "resize" -> process.resize(message.getInteger("width", 0), message.getInteger("height", 0));
                case "signal" -> process.signal(message.getInteger("signal", 0));
                default -> LOG.debugf("exec %s: unknown control message %s", label, text);
            }
        } catch (RuntimeException e) {
            LOG.debugf("exec %s: bad control message %s: %s", label, text, e.getMessage());
        }
    }

    private void writeStdin() {
        OutputStream in = process.stdin();
        try {
            while (true) {
                byte[] data = stdin.take();
                if (data == EOF) {
                    break;
                }
                long left = stdinQueued.addAndGet(-data.length);
                if (paused && left < STDIN_HIGH_WATER / 2) {
                    paused = false;
                    socket.resume();
                }
                in.write(data);
                in.flush();
            }
        } catch (IOException e) {
            LOG.debugf("exec %s: stdin closed: %s", label, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (process.stderr() != null) {
                close(in);
            }
            if (paused) {
                socket.resume();
            }
        }
    }

    private void pump(InputStream stream, int fd) {
        byte[] buffer = new byte[CHUNK];
        try (stream) {
            int n;
            while ((n = stream.read(buffer)) > 0) {
                Buffer frame = Buffer.buffer(ExecFrames.encode(fd == 2 ? ExecFrames.STDERR : ExecFrames.STDOUT,
                        buffer, 0, n));
                if (!send(frame)) {
                    return;
                }
            }
        } catch (IOException e) {
            LOG.debugf("exec %s: fd %d ended: %s", label, fd, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        text(new JsonObject().put("type", "eof").put("fd", fd));
    }

    /** Sends a frame, waiting while the socket's write queue is full; false once it is closed. */
    private boolean send(Buffer frame) throws InterruptedException {
        if (closed) {
            return false;
        }
        socket.write(frame);
        synchronized (drained) {
            while (socket.writeQueueFull() && !closed) {
                drained.wait(50);
            }
        }
        return !closed;
    }

    private void awaitExit(CompletableFuture<?> outputs) {
        int status;
        try {
            status = process.waitFor();
            outputs.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = -1;
        }
        finished.set(true);
        process.release();
        stdin.offer(EOF);
        text(new JsonObject().put("type", "exit").put("return", status));
        fact.run();
        // The gateway closes the tunnel once it has the exit message. Closing from here, even after the write completed,
        // loses the message now and then (seen: a fast command reported as "executor went away"), so the tunnel is
        // closed here only if the gateway has not done it in time. A timer, not a thread waiting for it.
        vertx.setTimer(CLOSE_GRACE_MS, timer -> {
            if (!closed) {
                socket.close();
            }
        });
        LOG.debugf("exec %s: exited with %d", label, status);
    }

    private void text(JsonObject message) {
        if (!closed) {
            socket.write(Buffer.buffer(ExecFrames.encode(ExecFrames.MESSAGE, message.encode())));
        }
    }

    private static void close(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // The command is gone.
        }
    }
}
