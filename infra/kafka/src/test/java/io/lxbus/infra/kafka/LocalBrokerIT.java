package io.lxbus.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.lxbus.events.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBrokerIT {
    @Test
    void catalogTopicsAreCreatedIdempotentlyAsDeclared() throws Exception {
        String prefix = TestKafka.createTopics(TestKafka.uniquePrefix());
        TestKafka.createTopics(prefix);

        try (Admin admin = admin()) {
            List<String> names = Topics.ALL.stream().map(spec -> Topics.named(prefix, spec)).toList();
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
            Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList()).all().get();
            for (var spec : Topics.ALL) {
                String name = Topics.named(prefix, spec);
                assertThat(described.get(name).partitions()).as(name).hasSize(spec.partitions());
                Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name));
                CreateTopics.configsOf(spec).forEach((key, value) ->
                        assertThat(config.get(key).value()).as(name + " " + key).isEqualTo(value));
            }
        }
    }

    @Test
    void committedTransactionsAreReadAndAbortedOnesAreNot() throws Exception {
        String topic = Topics.named(TestKafka.createTopics(TestKafka.uniquePrefix()), Topics.RESULTS);

        try (KafkaProducer<String, String> producer = transactionalProducer()) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "op1", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "op1", "committed"));
            producer.commitTransaction();
        }

        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = readCommittedConsumer()) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        assertThat(values).containsExactly("committed");
    }

    @Test
    void closeStopsTheBrokerProcess(@TempDir Path dir) throws Exception {
        int[] ports = TestKafka.freePorts();
        long pid;
        try (LocalBroker broker = LocalBroker.start(dir, ports[0], ports[1])) {
            pid = broker.pid().orElseThrow();
            assertThat(ProcessHandle.of(pid)).get().matches(ProcessHandle::isAlive);
            assertThat(broker.bootstrap()).isEqualTo("127.0.0.1:" + ports[0]);

            // Starting again in the same dir finds the running broker instead of a second one.
            try (LocalBroker again = LocalBroker.start(dir, ports[0], ports[1])) {
                assertThat(again.pid()).isEqualTo(OptionalLong.of(pid));
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
                    assertThat(admin.describeCluster().nodes().get()).hasSize(1);
                }
            }
            // The inner close already stopped it; closing again is harmless.
            assertThat(broker.pid()).isEmpty();
        }
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrap()));
    }

    private static KafkaProducer<String, String> transactionalProducer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrap());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + TestKafka.uniquePrefix());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new KafkaProducer<>(props);
    }

    private static KafkaConsumer<String, String> readCommittedConsumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "g-" + TestKafka.uniquePrefix());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return new KafkaConsumer<>(props);
    }
}
