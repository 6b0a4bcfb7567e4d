package io.lxbus.executor.messaging;

import io.lxbus.common.KafkaClientProperties;
import io.lxbus.events.wire.ProjectPartitioner;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.Properties;

/** The executor's Kafka client settings. */
public final class KafkaClients {
    private KafkaClients() {
    }

    /** A group-less reader: every partition by assignment, committed records only. */
    public static Properties consumer(String bootstrap, String clientId) {
        Properties props = KafkaClientProperties.readCommittedConsumer(bootstrap, clientId);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "500");
        return props;
    }

    /** The writer of runtime and host records: idempotent, acks=all, no linger, project-partitioned. */
    public static Properties producer(String bootstrap, String clientId) {
        Properties props = KafkaClientProperties.idempotentProducer(bootstrap, clientId);
        props.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, ProjectPartitioner.class.getName());
        return props;
    }
}
