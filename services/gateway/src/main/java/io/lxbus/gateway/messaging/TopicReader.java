package io.lxbus.gateway.messaging;

import io.lxbus.common.DaemonThreads;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

/**
 * One thread and one consumer reading every partition of one or more topics with {@code assign} (no group), each
 * from the beginning (state views) or from the end (results, lifecycle). It knows when it is positioned and when it
 * has caught up with the end offsets it saw when it started. Several topics share one consumer so that an idle
 * gateway keeps one fetch in flight, not one per topic (each idle fetch returns every {@code fetch.max.wait.ms}),
 * and so that records one transaction made visible together (a state record and its command's result) usually
 * arrive in the same fetch.
 */
public final class TopicReader {
    private static final Logger LOG = Logger.getLogger(TopicReader.class);

    /** Where reading starts. */
    public enum Start { BEGINNING, END }

    /** What to do with each record, on the reader's thread. */
    public interface Handler {
        void handle(ConsumerRecord<String, byte[]> record);
    }

    /** One topic read, from where, and by what. */
    public record Subscription(String topic, Start start, Handler handler) {
    }

    private final String name;
    private final Map<String, Handler> handlers = new LinkedHashMap<>();
    private final Map<String, Start> starts = new LinkedHashMap<>();
    private final Properties props;
    private final CompletableFuture<Void> positioned = new CompletableFuture<>();
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    /** Reads several topics with one consumer; {@code name} names the thread. */
    public TopicReader(String name, List<Subscription> subscriptions, Properties props) {
        this.name = name;
        for (Subscription subscription : subscriptions) {
            handlers.put(subscription.topic(), subscription.handler());
            starts.put(subscription.topic(), subscription.start());
        }
        this.props = props;
    }

    /** Starts the reading thread. */
    public synchronized void start() {
        thread = DaemonThreads.start("lxbus-read-" + name, this::run);
    }

    /** Completes once every partition has a position, so nothing written after this is missed. */
    public CompletableFuture<Void> positioned() {
        return positioned;
    }

    /** Completes once the reader has reached the end offsets it saw at start. */
    public CompletableFuture<Void> caughtUp() {
        return caughtUp;
    }

    /** Completes {@code to} as {@code from} completes (a reader's future, relayed to a future handed out earlier). */
    static void relay(CompletableFuture<Void> from, CompletableFuture<Void> to) {
        from.whenComplete((done, failure) -> {
            if (failure != null) {
                to.completeExceptionally(failure);
            } else {
                to.complete(null);
            }
        });
    }

    /** The topics read. */
    public List<String> topics() {
        return List.copyOf(handlers.keySet());
    }

    /** Stops the thread and closes the consumer. */
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(props)) {
            consumer = kafka;
            List<TopicPartition> partitions = new ArrayList<>();
            Map<Start, List<TopicPartition>> byStart = new java.util.EnumMap<>(Start.class);
            for (String topic : handlers.keySet()) {
                List<TopicPartition> ofTopic = awaitPartitions(kafka, topic);
                if (ofTopic == null) {
                    return;
                }
                partitions.addAll(ofTopic);
                byStart.computeIfAbsent(starts.get(topic), start -> new ArrayList<>()).addAll(ofTopic);
            }
            kafka.assign(partitions);
            kafka.seekToBeginning(byStart.getOrDefault(Start.BEGINNING, List.of()));
            kafka.seekToEnd(byStart.getOrDefault(Start.END, List.of()));
            partitions.forEach(kafka::position);
            Map<TopicPartition, Long> targets = kafka.endOffsets(partitions);
            positioned.complete(null);
            LOG.debugf("Reading %s", starts);
            checkCaughtUp(kafka, targets);
            while (running) {
                ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> record : records) {
                    try {
                        handlers.get(record.topic()).handle(record);
                    } catch (RuntimeException e) {
                        LOG.warnf(e, "Skipped record %s-%d@%d", record.topic(), record.partition(), record.offset());
                    }
                }
                if (!caughtUp.isDone()) {
                    checkCaughtUp(kafka, targets);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.errorf(e, "Reader of %s woken unexpectedly", handlers.keySet());
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "Reader of %s stopped", handlers.keySet());
            positioned.completeExceptionally(e);
            caughtUp.completeExceptionally(e);
        } finally {
            consumer = null;
        }
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> kafka, String topic) {
        boolean warned = false;
        while (running) {
            List<PartitionInfo> infos = null;
            try {
                infos = kafka.partitionsFor(topic, Duration.ofSeconds(5));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.debugf("No metadata for %s yet", topic);
            }
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
            }
            if (!warned) {
                LOG.warnf("Topic %s does not exist yet; waiting for it", topic);
                warned = true;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private void checkCaughtUp(KafkaConsumer<String, byte[]> kafka, Map<TopicPartition, Long> targets) {
        for (Map.Entry<TopicPartition, Long> target : targets.entrySet()) {
            if (kafka.position(target.getKey()) < target.getValue()) {
                return;
            }
        }
        caughtUp.complete(null);
        LOG.infof("Caught up with %s", handlers.keySet());
    }
}
