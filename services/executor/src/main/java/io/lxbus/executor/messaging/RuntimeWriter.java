package io.lxbus.executor.messaging;

import io.lxbus.events.ExecutorHost;
import io.lxbus.events.InstanceRuntime;
import io.lxbus.events.Keys;
import io.lxbus.events.wire.JsonSerde;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Writes this host's records: runtime records (and their tombstones) and the host registration. Waits for acks. */
public final class RuntimeWriter implements AutoCloseable {
    private static final JsonSerde<InstanceRuntime> RUNTIME = JsonSerde.of(InstanceRuntime.class);
    private static final JsonSerde<ExecutorHost> HOST = JsonSerde.of(ExecutorHost.class);

    private final KafkaProducer<String, byte[]> producer;
    private final String runtimeTopic;
    private final String hostsTopic;

    public RuntimeWriter(Properties props, String runtimeTopic, String hostsTopic) {
        this.producer = new KafkaProducer<>(props);
        this.runtimeTopic = runtimeTopic;
        this.hostsTopic = hostsTopic;
    }

    /** Writes an instance's runtime record under {@code <project>/<name>}. */
    public void write(InstanceRuntime runtime) {
        send(new ProducerRecord<>(runtimeTopic, Keys.resource(runtime.project(), runtime.name()),
                RUNTIME.serialize(runtimeTopic, runtime)));
    }

    /** Deletes an instance's runtime record. */
    public void tombstone(String project, String name) {
        send(new ProducerRecord<>(runtimeTopic, Keys.resource(project, name), null));
    }

    /** Registers the host. */
    public void register(ExecutorHost host) {
        send(new ProducerRecord<>(hostsTopic, host.name(), HOST.serialize(hostsTopic, host)));
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted writing " + record.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot write " + record.key() + " to " + record.topic() + ": " + e, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
