package io.lxbus.executor.api;

import io.lxbus.common.DaemonThreads;
import io.lxbus.common.StreamFrames;
import io.lxbus.events.Instance;
import io.lxbus.executor.HostAgent;
import io.lxbus.executor.driver.lxc.ConsoleSession;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code POST /internal/instances/{uuid}/console/attach?width=&height=}: the container's {@code /dev/console} for the
 * gateway's console operation, as one HTTP exchange streamed both ways ({@link StreamFrames}): the request body
 * carries keystrokes ({@code d}) and LXD's control messages ({@code c}, {@code window-resize}); the response carries
 * {@code r} once attached, then the console's output ({@code d}). The end of either side releases the console. A
 * thread per session reads the pty; keystrokes are written on another, never on the event loop.
 */
@ApplicationScoped
public class ConsoleApi {
    private static final Logger LOG = Logger.getLogger(ConsoleApi.class);
    private final HostAgent agent;

    public ConsoleApi(HostAgent agent) {
        this.agent = agent;
    }

    void routes(@Observes Router router) {
        router.post("/internal/instances/:uuid/console/attach").handler(this::attach);
    }

    private void attach(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        request.pause();
        Optional<Instance> instance = Replies.placed(ctx, agent);
        if (instance.isEmpty()) {
            return;
        }
        ConsoleSession session;
        try {
            session = ConsoleSession.attach(instance.get().uuid(), agent.paths().lxcPath());
            session.resize(size(ctx.queryParams().get("width")), size(ctx.queryParams().get("height")));
        } catch (RuntimeException e) {
            Replies.failure(ctx, e);
            return;
        }
        HttpServerResponse response = ctx.response().setChunked(true).putHeader("content-type",
                "application/octet-stream");
        response.write(Buffer.buffer(StreamFrames.encode(StreamFrames.READY, new byte[0])));
        pump(request, response, session, instance.get().name());
    }

    private static void pump(HttpServerRequest request, HttpServerResponse response, ConsoleSession session,
                             String name) {
        ExecutorService keys = Executors.newSingleThreadExecutor(DaemonThreads.named("lxbus-console-in-" + name));
        AtomicBoolean ended = new AtomicBoolean();
        Runnable end = () -> {
            if (ended.compareAndSet(false, true)) {
                session.close();
                keys.shutdownNow();
            }
        };
        StreamFrames.Decoder decoder = new StreamFrames.Decoder();
        request.handler(chunk -> {
            try {
                for (StreamFrames.Frame frame : decoder.feed(chunk.getBytes())) {
                    if (frame.type() == StreamFrames.DATA) {
                        keys.execute(() -> session.write(frame.payload()));
                    } else if (frame.type() == StreamFrames.CONTROL) {
                        control(session, new String(frame.payload(), StandardCharsets.UTF_8));
                    }
                }
            } catch (RuntimeException e) {
                LOG.debugf("Console of %s: %s", name, e.getMessage());
                end.run();
            }
        });
        request.endHandler(done -> end.run());
        request.connection().closeHandler(closed -> end.run());
        request.resume();
        DaemonThreads.start("lxbus-console-out-" + name, () -> {
            byte[] buffer = new byte[8192];
            try {
                int count;
                while ((count = session.read(buffer)) >= 0) {
                    if (count > 0) {
                        response.write(Buffer.buffer(StreamFrames.encode(StreamFrames.DATA,
                                java.util.Arrays.copyOf(buffer, count))));
                    }
                }
            } catch (RuntimeException e) {
                LOG.debugf("Console of %s: %s", name, e.getMessage());
            } finally {
                end.run();
                if (!response.ended() && !response.closed()) {
                    response.end();
                }
            }
        });
    }

    private static void control(ConsoleSession session, String text) {
        try {
            JsonObject message = new JsonObject(text);
            if ("window-resize".equals(message.getString("command"))) {
                JsonObject args = message.getJsonObject("args", new JsonObject());
                session.resize(size(args.getValue("width")), size(args.getValue("height")));
            }
        } catch (RuntimeException e) {
            LOG.debugf("Ignoring a console control message: %s", e.getMessage());
        }
    }

    private static int size(Object value) {
        try {
            return value == null ? 0 : Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
