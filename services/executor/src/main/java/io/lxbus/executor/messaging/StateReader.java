package io.lxbus.executor.messaging;

import io.lxbus.common.DaemonThreads;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Reads every partition of a state topic from the beginning on its own thread (no group), handing each record to
 * a handler; {@link #caughtUp()} completes once it reached the end offsets it saw when it started.
 */
public final class StateReader {
    private static final Logger LOG = Logger.getLogger(StateReader.class);

    private final String topic;
    private final Properties props;
    private final Consumer<ConsumerRecord<String, byte[]>> handler;
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public StateReader(String topic, Properties props, Consumer<ConsumerRecord<String, byte[]>> handler) {
        this.topic = topic;
        this.props = props;
        this.handler = handler;
    }

    /** Starts the thread. */
    public void start() {
        thread = DaemonThreads.start("lxbus-read-" + topic, this::run);
    }

    /** Completes once the reader has reached the end offsets it saw at start. */
    public CompletableFuture<Void> caughtUp() {
        return caughtUp;
    }

    /** Stops the thread and closes the consumer. */
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(props)) {
            consumer = kafka;
            List<TopicPartition> partitions = awaitPartitions(kafka);
            if (partitions == null) {
                return;
            }
            kafka.assign(partitions);
            kafka.seekToBeginning(partitions);
            Map<TopicPartition, Long> targets = kafka.endOffsets(partitions);
            checkCaughtUp(kafka, targets);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(200))) {
                    try {
                        handler.accept(record);
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
                LOG.errorf(e, "Reader of %s woken unexpectedly", topic);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "Reader of %s stopped", topic);
            caughtUp.completeExceptionally(e);
        } finally {
            consumer = null;
        }
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> kafka) {
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
        LOG.infof("Caught up with %s", topic);
    }
}
