package io.lxbus.storage.messaging;

import io.lxbus.events.Image;
import io.lxbus.events.Instance;
import io.lxbus.events.RecordHeaders;
import io.lxbus.events.Snapshot;
import io.lxbus.events.StoragePool;
import io.lxbus.events.TopicSpec;
import io.lxbus.events.Topics;
import io.lxbus.events.Volume;
import io.lxbus.events.wire.JsonSerde;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The host side's picture of the desired state: every partition of the instance, volume, image and pool topics,
 * read from the beginning with {@code read_committed} (so a transaction's records appear together). Used by one
 * thread only.
 */
public final class HostView implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HostView.class);
    private static final JsonSerde<Instance> INSTANCE = JsonSerde.of(Instance.class);
    private static final JsonSerde<Volume> VOLUME = JsonSerde.of(Volume.class);
    private static final JsonSerde<Image> IMAGE = JsonSerde.of(Image.class);
    private static final JsonSerde<StoragePool> POOL = JsonSerde.of(StoragePool.class);
    private static final JsonSerde<Snapshot> SNAPSHOT = JsonSerde.of(Snapshot.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String prefix;
    private final Map<TopicPartition, Long> startEnds = new HashMap<>();
    private boolean caughtUp;

    /** Live instances by key. */
    public final Map<String, Instance> instances = new HashMap<>();
    /** Volumes by key (every host). */
    public final Map<String, Volume> volumes = new HashMap<>();
    /** The last revision of every volume key ever seen or written, tombstones included. */
    public final Map<String, Long> volumeRevisions = new HashMap<>();
    /** Images by {@code <project>/<fingerprint>}. */
    public final Map<String, Image> images = new HashMap<>();
    /** Live snapshots by key. */
    public final Map<String, Snapshot> snapshots = new HashMap<>();
    /** Pools by name. */
    public final Map<String, StoragePool> pools = new HashMap<>();

    public HostView(String bootstrap, String prefix) {
        this.prefix = prefix;
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                // A view must see every record: should the broker ever answer "out of range", read again from the
                // start rather than jump to the end (Kafka's default, "latest", would skip records without a word).
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (TopicSpec spec : List.of(Topics.INSTANCES, Topics.SNAPSHOTS, Topics.VOLUMES, Topics.IMAGES,
                Topics.POOLS)) {
            String topic = Topics.named(prefix, spec);
            consumer.partitionsFor(topic, Duration.ofSeconds(60))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        startEnds.putAll(consumer.endOffsets(partitions));
    }

    /** Polls once; true when anything changed. */
    public boolean poll(Duration wait) {
        boolean changed = false;
        for (ConsumerRecord<String, byte[]> record : consumer.poll(wait)) {
            try {
                changed |= apply(record);
            } catch (RuntimeException e) {
                LOG.warnf("Skipping unreadable record %s/%s: %s", record.topic(), record.key(), e.toString());
            }
        }
        if (!caughtUp) {
            caughtUp = startEnds.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        }
        return changed;
    }

    /** Whether everything that was committed when the view started has been read. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Records a volume write of ours before it comes back from the topic. */
    public void wroteVolume(String key, Volume volume, long revision) {
        volumeRevisions.merge(key, revision, Math::max);
        if (volume == null) {
            volumes.remove(key);
        } else {
            volumes.put(key, volume);
        }
    }

    /** Records a pool write of ours before it comes back from the topic. */
    public void wrotePool(StoragePool pool) {
        pools.put(pool.name(), pool);
    }

    private boolean apply(ConsumerRecord<String, byte[]> record) {
        String topic = record.topic();
        String key = record.key();
        if (key == null) {
            return false;
        }
        if (topic.equals(Topics.named(prefix, Topics.INSTANCES))) {
            return put(instances, key, record.value() == null ? null : INSTANCE.deserialize(topic, record.value()));
        } else if (topic.equals(Topics.named(prefix, Topics.VOLUMES))) {
            long revision = revision(record);
            Long known = volumeRevisions.get(key);
            if (known != null && revision <= known) {
                return false;
            }
            volumeRevisions.put(key, revision);
            return put(volumes, key, record.value() == null ? null : VOLUME.deserialize(topic, record.value()));
        } else if (topic.equals(Topics.named(prefix, Topics.IMAGES))) {
            return put(images, key, record.value() == null ? null : IMAGE.deserialize(topic, record.value()));
        } else if (topic.equals(Topics.named(prefix, Topics.SNAPSHOTS))) {
            return put(snapshots, key, record.value() == null ? null : SNAPSHOT.deserialize(topic, record.value()));
        } else if (topic.equals(Topics.named(prefix, Topics.POOLS))) {
            return put(pools, key, record.value() == null ? null : POOL.deserialize(topic, record.value()));
        }
        return false;
    }

    private static <V> boolean put(Map<String, V> map, String key, V value) {
        V old = value == null ? map.remove(key) : map.put(key, value);
        return !java.util.Objects.equals(old, value);
    }

    private static long revision(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(RecordHeaders.REVISION);
        if (header == null) {
            return 0;
        }
        try {
            return Long.parseLong(new String(header.value(), StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
