package io.lxbus.executor.api;

import io.lxbus.common.DaemonThreads;
import io.lxbus.common.ExecFrames;
import io.lxbus.events.Actions;
import io.lxbus.events.HostFact;
import io.lxbus.events.Requestor;
import io.lxbus.events.Topics;
import io.lxbus.executor.ExecutorSettings;
import io.lxbus.executor.HostAgent;
import io.lxbus.executor.domain.ExecSpec;
import io.lxbus.executor.driver.DriverException;
import io.lxbus.executor.driver.ExecProcess;
import io.lxbus.executor.driver.InstanceDriver;
import io.lxbus.executor.messaging.FactWriter;
import io.lxbus.executor.messaging.KafkaClients;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * {@code GET /internal/instances/{uuid}/exec} with {@code Upgrade: lxbus-exec}: a tunnel of {@link ExecFrames} on
 * which the gateway sends one exec request, then stdin and control messages, and gets the command's output and exit
 * status (DESIGN.md "exec"). The fact {@code instance-exec}, stamped with the moment the command started, goes to
 * {@code lxbus.executor.facts} once the command has run {@link ExecSession#FACT_DELAY_MS} or has ended, whichever
 * comes first (DESIGN.md "exec": the bus work it causes stays off a short command's path).
 */
@ApplicationScoped
public class ExecRoute {
    private static final Logger LOG = Logger.getLogger(ExecRoute.class);
    /** Names of recorded output: {@code exec_<operation id>}. */
    static final Pattern RECORD = Pattern.compile("exec_[A-Za-z0-9-]{1,64}");

    private final HostAgent agent;
    private final ExecutorSettings settings;
    private final String bootstrap;
    /** The sessions' blocking loops (output pumps, stdin writer, exit waiter): threads are reused, not made per exec. */
    private final ExecutorService sessionThreads = Executors.newCachedThreadPool(
            DaemonThreads.numbered("lxbus-exec-io"));
    private volatile FactWriter facts;

    public ExecRoute(HostAgent agent, ExecutorSettings settings,
                     @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.agent = agent;
        this.settings = settings;
        this.bootstrap = bootstrap;
    }

    void routes(@Observes Router router) {
        router.get("/internal/instances/:uuid/exec").handler(this::upgrade);
    }

    void stop(@Observes ShutdownEvent event) {
        if (facts != null) {
            facts.close();
        }
    }

    private void upgrade(RoutingContext ctx) {
        String uuid = ctx.pathParam("uuid");
        InstanceDriver driver = InternalApi.driverFor(ctx, agent, uuid);
        if (driver == null) {
            return;
        }
        String upgrade = ctx.request().getHeader("Upgrade");
        if (upgrade == null || !upgrade.equalsIgnoreCase(ExecFrames.PROTOCOL)) {
            InternalApi.error(ctx, 400, "exec needs an upgrade to " + ExecFrames.PROTOCOL);
            return;
        }
        Vertx vertx = ctx.vertx();
        ctx.request().toNetSocket().onSuccess(socket -> {
            Context context = vertx.getOrCreateContext();
            ExecFrames.Decoder decoder = new ExecFrames.Decoder();
            socket.handler(bytes -> {
                List<ExecFrames.Frame> frames;
                try {
                    frames = decoder.feed(bytes.getBytes());
                } catch (IllegalArgumentException e) {
                    socket.close();
                    return;
                }
                if (frames.isEmpty()) {
                    return;
                }
                socket.pause();
                socket.handler(null);
                ExecFrames.Frame first = frames.get(0);
                List<ExecFrames.Frame> early = frames.subList(1, frames.size());
                if (first.kind() != ExecFrames.START) {
                    refuse(socket, new IllegalArgumentException("The exec tunnel must start with one start frame"));
                    return;
                }
                vertx.executeBlocking(() -> start(driver, uuid, first.text()), false).onComplete(started -> {
                    if (started.failed()) {
                        refuse(socket, started.cause());
                        return;
                    }
                    context.runOnContext(v -> {
                        Started command = started.result();
                        new ExecSession(vertx, socket, decoder, command.process(), uuid, sessionThreads, command.fact())
                                .run(early);
                        socket.resume();
                    });
                });
            });
        });
    }

    /** A started command and its {@code instance-exec} fact, to publish once (later calls do nothing). */
    private record Started(ExecProcess process, Runnable fact) {
    }

    /** Parses the request and starts the command. */
    private Started start(InstanceDriver driver, String uuid, String text) {
        JsonObject request;
        ExecSpec spec;
        try {
            request = new JsonObject(text);
            spec = spec(request);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Invalid exec request: " + e.getMessage(), e);
        }
        String record = request.getString("record", "");
        if (spec.output() == ExecSpec.Output.RECORD && !RECORD.matcher(record).matches()) {
            throw new IllegalArgumentException("Invalid record name: \"" + record + "\"");
        }
        ExecProcess process = driver.exec(uuid, spec, record);
        Instant startedAt = Instant.now();
        AtomicBoolean published = new AtomicBoolean();
        return new Started(process, () -> {
            if (published.compareAndSet(false, true)) {
                publish(uuid, request, spec, startedAt);
            }
        });
    }

    static ExecSpec spec(JsonObject request) {
        List<String> command = new ArrayList<>();
        for (Object arg : request.getJsonArray("command", new JsonArray())) {
            command.add(String.valueOf(arg));
        }
        Map<String, String> environment = new LinkedHashMap<>();
        request.getJsonObject("environment", new JsonObject())
                .forEach(e -> environment.put(e.getKey(), String.valueOf(e.getValue())));
        return new ExecSpec(command, environment, request.getInteger("user", 0), request.getInteger("group", 0),
                request.getString("cwd", ""), request.getBoolean("interactive", false),
                request.getInteger("width", 0), request.getInteger("height", 0),
                ExecSpec.Output.valueOf(request.getString("output", "stream").toUpperCase(java.util.Locale.ROOT)));
    }

    private void publish(String uuid, JsonObject request, ExecSpec spec, Instant startedAt) {
        String project = request.getString("project");
        String name = request.getString("name");
        if (project == null || name == null) {
            return;
        }
        try {
            JsonObject who = request.getJsonObject("requestor");
            Requestor requestor = who == null ? null : new Requestor(who.getString("username"),
                    who.getString("protocol"), who.getString("address"));
            facts().publish(new HostFact(UUID.randomUUID().toString(), project, name, uuid, agent.hostName(),
                    Actions.INSTANCE_EXEC, Map.of("command", spec.command()), requestor,
                    request.getString("operationId"), startedAt));
        } catch (RuntimeException e) {
            LOG.warnf("The instance-exec fact for %s/%s was not published: %s", project, name, e.getMessage());
        }
    }

    private FactWriter facts() {
        if (facts == null) {
            synchronized (this) {
                if (facts == null) {
                    facts = new FactWriter(KafkaClients.producer(bootstrap, "lxbus-executor-" + agent.hostName()
                            + "-facts"), Topics.named(settings.prefix(), Topics.FACTS));
                }
            }
        }
        return facts;
    }

    /** Answers a request that could not start: the error, then a close. */
    private static void refuse(NetSocket socket, Throwable failure) {
        Throwable cause = failure.getCause() != null && !(failure instanceof DriverException)
                && !(failure instanceof IllegalArgumentException) ? failure.getCause() : failure;
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        if (!(cause instanceof DriverException) && !(cause instanceof IllegalArgumentException)) {
            LOG.warnf(cause, "exec failed to start");
        }
        socket.write(Buffer.buffer(ExecFrames.encode(ExecFrames.MESSAGE,
                new JsonObject().put("type", "error").put("error", message).encode()))).onComplete(v -> socket.end());
    }
}
