package io.lxbus.gateway.messaging;

import io.lxbus.common.KafkaClientProperties;
import io.lxbus.events.TopicSpec;
import io.lxbus.events.Topics;
import io.lxbus.gateway.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Properties;

/** Client settings tuned for latency: no linger, fetches answered as soon as one byte is there. */
@ApplicationScoped
public class KafkaSettings {
    private final String bootstrap;
    private final String prefix;

    public KafkaSettings(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap, GatewayConfig config) {
        this.bootstrap = bootstrap;
        this.prefix = config.prefix();
    }

    /** The deployed name of a catalog topic. */
    public String topic(TopicSpec spec) {
        return Topics.named(prefix, spec);
    }

    /** An idempotent producer that waits for all replicas and sends at once. */
    public Properties producer() {
        Properties props = KafkaClientProperties.idempotentProducer(bootstrap, "lxbus-gateway");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return props;
    }

    /** A group-less consumer for {@code assign}: committed reads only, fetches return on the first byte. */
    public Properties consumer(String clientId) {
        Properties props = KafkaClientProperties.readCommittedConsumer(bootstrap, clientId);
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "500");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return props;
    }
}
