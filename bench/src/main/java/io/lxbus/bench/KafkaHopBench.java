package io.lxbus.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The floor under every lxbus hop, on the broker given: how long a record takes from its sender to a read_committed
 * reader (what every lxbus reader is) when it is written (1) by a plain idempotent producer, as the gateway and the
 * executor write; (2) in a transaction of its own; (3) by a Kafka Streams exactly-once task that reads it from one
 * topic, keeps it in a logged store and forwards it, with the services' settings (commit after each batch). A
 * launch crosses about seven such hops, so their sum bounds how fast a launch can be on this design. Kafka jars are
 * on the classpath at run time (bench/run borrows the instance service's), never bundled.
 */
public final class KafkaHopBench {
    private final String bootstrap;
    private final int runs;

    private KafkaHopBench(String bootstrap, int runs) {
        this.bootstrap = bootstrap;
        this.runs = runs;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args, Map.of("--bootstrap", "127.0.0.1:9092", "--runs", "60"));
        KafkaHopBench bench = new KafkaHopBench(options.get("--bootstrap"), Integer.parseInt(options.get("--runs")));
        String run = "lxbus-bench-hop-" + System.currentTimeMillis();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bench.bootstrap))) {
            admin.createTopics(List.of(new NewTopic(run + "-a", 1, (short) 1), new NewTopic(run + "-b", 1, (short) 1)))
                    .all().get();
            try {
                System.out.println(Latencies.header());
                System.out.println(bench.plain(run + "-a").row());
                System.out.println(bench.transactional(run + "-a").row());
                System.out.println(bench.streams(run).row());
            } finally {
                admin.deleteTopics(List.of(run + "-a", run + "-b")).all().get();
            }
        }
    }

    private Latencies plain(String topic) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producer(Map.of("enable.idempotence", "true")))) {
            return measure("plain idempotent producer -> reader", topic, value -> send(producer, topic, value));
        }
    }

    private Latencies transactional(String topic) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producer(Map.of(
                "transactional.id", topic + "-tx", "retry.backoff.ms", "2", "retry.backoff.max.ms", "50")))) {
            producer.initTransactions();
            return measure("one transaction -> reader", topic, value -> {
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, "k", value));
                producer.commitTransaction();
            });
        }
    }

    /** A pass-through exactly-once task with one logged store, configured as the services configure theirs. */
    private Latencies streams(String run) throws Exception {
        Path state = Files.createTempDirectory("bench-hop-state");
        Properties props = new Properties();
        props.put("application.id", run);
        props.put("bootstrap.servers", bootstrap);
        props.put("processing.guarantee", "exactly_once_v2");
        props.put("num.stream.threads", "1");
        props.put("state.dir", state.toString());
        props.put("statestore.cache.max.bytes", "0");
        props.put("replication.factor", "1");
        props.put("commit.interval.ms", "1000");
        props.put("poll.ms", "100");
        props.put("producer.linger.ms", "100");
        props.put("producer.retry.backoff.ms", "2");
        props.put("producer.retry.backoff.max.ms", "50");
        props.put("consumer.isolation.level", "read_committed");
        Topology topology = new Topology();
        topology.addSource("in", new StringDeserializer(), new StringDeserializer(), run + "-a");
        topology.addProcessor("copy", Copy::new, "in");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("seen"), Serdes.String(),
                Serdes.String()), "copy");
        topology.addSink("out", run + "-b", new StringSerializer(), new StringSerializer(), "copy");
        KafkaStreams streams = new KafkaStreams(topology, props);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producer(Map.of("enable.idempotence", "true")))) {
            streams.start();
            while (streams.state() != KafkaStreams.State.RUNNING) {
                Thread.sleep(50);
            }
            return measure("Kafka Streams exactly-once hop", run + "-b", value -> send(producer, run + "-a", value));
        } finally {
            streams.close(Duration.ofSeconds(10));
            streams.cleanUp();
            try (var paths = Files.walk(state)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static final class Copy implements Processor<String, String, String, String> {
        private ProcessorContext<String, String> context;
        private KeyValueStore<String, String> seen;

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
            this.seen = context.getStateStore("seen");
        }

        @Override
        public void process(Record<String, String> record) {
            seen.put(record.key(), record.value());
            context.forward(record);
            context.commit();
        }
    }

    /** Writes with {@code write}, then waits until a read_committed reader of {@code readFrom} sees the value. */
    private Latencies measure(String label, String readFrom, Consumer<String> write) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("isolation.level", "read_committed");
        props.put("fetch.max.wait.ms", "100");
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        Latencies latencies = new Latencies(label);
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(props)) {
            TopicPartition partition = new TopicPartition(readFrom, 0);
            reader.assign(List.of(partition));
            reader.seekToEnd(List.of(partition));
            reader.position(partition);
            for (int i = -10; i < runs; i++) {
                String value = label + " " + i;
                long start = System.nanoTime();
                write.accept(value);
                boolean seen = false;
                while (!seen) {
                    for (ConsumerRecord<String, String> record : reader.poll(Duration.ofMillis(200))) {
                        seen |= value.equals(record.value());
                    }
                }
                if (i >= 0) {
                    latencies.add(System.nanoTime() - start);
                }
                Thread.sleep(20);
            }
        }
        return latencies;
    }

    private static void send(KafkaProducer<String, String> producer, String topic, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, "k", value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Properties producer(Map<String, String> extra) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("acks", "all");
        props.put("linger.ms", "0");
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        props.putAll(extra);
        return props;
    }
}
