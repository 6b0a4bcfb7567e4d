package io.lxbus.executor.messaging;

import io.lxbus.events.HostFact;
import io.lxbus.events.Keys;
import io.lxbus.events.wire.JsonSerde;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Properties;

/**
 * Publishes what happened inside instances ({@code lxbus.executor.facts}, key {@code <project>/<name>}); the instance
 * service turns each fact into its lifecycle event. Sends do not wait: a lost fact loses an event, never a command.
 */
public final class FactWriter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FactWriter.class);
    private static final JsonSerde<HostFact> FACT = JsonSerde.of(HostFact.class);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public FactWriter(Properties props, String topic) {
        this.producer = new KafkaProducer<>(props);
        this.topic = topic;
    }

    /** Sends a fact; failures are logged. */
    public void publish(HostFact fact) {
        producer.send(new ProducerRecord<>(topic, Keys.resource(fact.project(), fact.name()),
                FACT.serialize(topic, fact)), (metadata, failure) -> {
                    if (failure != null) {
                        LOG.warnf("Fact %s (%s on %s/%s) not written: %s", fact.id(), fact.action(), fact.project(),
                                fact.name(), failure.getMessage());
                    }
                });
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
