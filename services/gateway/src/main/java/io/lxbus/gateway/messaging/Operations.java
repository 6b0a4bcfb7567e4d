package io.lxbus.gateway.messaging;

import io.lxbus.common.DaemonThreads;
import io.lxbus.events.Operation;
import io.lxbus.events.Topics;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.gateway.GatewayConfig;
import io.lxbus.gateway.domain.EventFrames;
import io.lxbus.gateway.domain.EventHub;
import io.lxbus.gateway.domain.OperationRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Wires the operation registry to its audiences: every change goes to {@code /1.0/events} listeners at once, and
 * each operation's latest state (best effort, not transactional) to {@code lxbus.gateway.operations} every
 * {@link #RECORD_EVERY_MS}; forgotten operations get a tombstone. That topic is compacted, so it keeps only the last
 * state anyway: an exec's five changes within a few milliseconds became five produce requests on the exec's path.
 */
@ApplicationScoped
public class Operations implements OperationRegistry.Observer {
    private static final Logger LOG = Logger.getLogger(Operations.class);
    private static final JsonSerde<Operation> SERDE = JsonSerde.of(Operation.class);
    static final long RECORD_EVERY_MS = 100;

    private final EventHub hub;
    private final BusProducer producer;
    private final String topic;
    private final OperationRegistry registry;
    private final LatestByKey<Operation> unwritten = new LatestByKey<>();
    private ScheduledExecutorService timers;

    public Operations(EventHub hub, BusProducer producer, KafkaSettings settings, GatewayConfig config) {
        this.hub = hub;
        this.producer = producer;
        this.topic = settings.topic(Topics.OPERATIONS);
        this.registry = new OperationRegistry(Clock.systemUTC(), config.operationRetention(), this);
    }

    /** The registry every route uses. */
    public OperationRegistry registry() {
        return registry;
    }

    void start(@Observes StartupEvent event) {
        timers = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lxbus-operation-timers"));
        timers.scheduleWithFixedDelay(registry::expire, 1, 1, TimeUnit.SECONDS);
        timers.scheduleWithFixedDelay(this::writeRecords, RECORD_EVERY_MS, RECORD_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timers != null) {
            timers.shutdownNow();
        }
        writeRecords();
        hub.closeAll();
    }

    @Override
    public void changed(Operation operation, String project) {
        hub.publish("operation", project, EventFrames.operation(operation, project));
        unwritten.put(operation.id(), operation);
    }

    @Override
    public void forgotten(String id) {
        unwritten.put(id, null);
    }

    private void writeRecords() {
        if (producer.working()) {
            unwritten.drain(this::record);
        }
    }

    private void record(String id, Operation operation) {
        try {
            byte[] value = operation == null ? null : SERDE.serialize(topic, operation);
            producer.send(topic, id, value, (metadata, failure) -> {
                if (failure != null) {
                    LOG.debugf("Operation record %s not written: %s", id, failure.getMessage());
                }
            });
        } catch (RuntimeException e) {
            LOG.debugf("Operation record %s not written: %s", id, e.getMessage());
        }
    }

    /** The events hub, one per gateway. */
    @Produces
    @Singleton
    static EventHub hub(GatewayConfig config) {
        return new EventHub(config.eventQueue());
    }
}
