package io.lxbus.gateway.messaging;

import io.lxbus.common.DaemonThreads;
import io.lxbus.events.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import java.time.Duration;

/** The gateway's one Kafka producer (commands and operation records); it knows whether it works. */
@ApplicationScoped
public class BusProducer {
    private static final Logger LOG = Logger.getLogger(BusProducer.class);

    private final KafkaSettings settings;
    private volatile KafkaProducer<String, byte[]> producer;
    private volatile boolean working;

    public BusProducer(KafkaSettings settings) {
        this.settings = settings;
    }

    void start(@Observes StartupEvent event) {
        producer = new KafkaProducer<>(settings.producer());
        DaemonThreads.start("lxbus-producer-probe", this::probe);
    }

    void stop(@Observes ShutdownEvent event) {
        KafkaProducer<String, byte[]> current = producer;
        if (current != null) {
            current.close(Duration.ofSeconds(5));
        }
    }

    /** Sends a record; the callback hears whether it was stored. */
    public void send(String topic, String key, byte[] value, Callback callback) {
        producer.send(new ProducerRecord<>(topic, key, value), callback);
    }

    /** Whether the producer has reached the cluster (readiness). */
    public boolean working() {
        return working;
    }

    private void probe() {
        String topic = settings.topic(Topics.INSTANCE_COMMANDS);
        while (!working) {
            try {
                if (!producer.partitionsFor(topic).isEmpty()) {
                    working = true;
                    LOG.infof("Producer connected (%s)", topic);
                }
            } catch (RuntimeException e) {
                LOG.debugf("Producer not ready yet: %s", e.getMessage());
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }
}
