package io.lxbus.gateway.messaging;

import io.lxbus.events.ExecutorHost;
import io.lxbus.events.Image;
import io.lxbus.events.ImageAlias;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceRuntime;
import io.lxbus.events.Profile;
import io.lxbus.events.RecordHeaders;
import io.lxbus.events.Snapshot;
import io.lxbus.events.StateWrite;
import io.lxbus.events.StoragePool;
import io.lxbus.events.TopicSpec;
import io.lxbus.events.Topics;
import io.lxbus.events.Volume;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.gateway.domain.VersionedStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * The in-memory views the gateway serves reads from, each built from a compacted state topic read from
 * the beginning; and the read-your-writes wait on them. One table says which topic feeds which store.
 */
@ApplicationScoped
public class StateViews {
    private static final Logger LOG = Logger.getLogger(StateViews.class);

    /** One view: a catalog topic, its record type, the store it fills and where a record's own revision is. */
    private record View<T>(TopicSpec spec, Class<T> type, VersionedStore<T> store, ToLongFunction<T> revisionOf) {
    }

    private final KafkaSettings settings;
    private final VersionedStore<Profile> profiles = new VersionedStore<>();
    private final VersionedStore<Instance> instances = new VersionedStore<>();
    private final VersionedStore<InstanceRuntime> runtime = new VersionedStore<>();
    private final VersionedStore<ExecutorHost> hosts = new VersionedStore<>();
    private final VersionedStore<Image> images = new VersionedStore<>();
    private final VersionedStore<ImageAlias> aliases = new VersionedStore<>();
    private final VersionedStore<StoragePool> pools = new VersionedStore<>();
    private final VersionedStore<Volume> volumes = new VersionedStore<>();
    private final VersionedStore<Snapshot> snapshots = new VersionedStore<>();
    private final List<View<?>> views = List.of(
            new View<>(Topics.PROFILES, Profile.class, profiles, Profile::revision),
            new View<>(Topics.INSTANCES, Instance.class, instances, Instance::revision),
            new View<>(Topics.RUNTIME, InstanceRuntime.class, runtime, null),
            new View<>(Topics.HOSTS, ExecutorHost.class, hosts, null),
            new View<>(Topics.IMAGES, Image.class, images, Image::revision),
            new View<>(Topics.IMAGE_ALIASES, ImageAlias.class, aliases, ImageAlias::revision),
            new View<>(Topics.POOLS, StoragePool.class, pools, StoragePool::revision),
            new View<>(Topics.VOLUMES, Volume.class, volumes, Volume::revision),
            new View<>(Topics.SNAPSHOTS, Snapshot.class, snapshots, Snapshot::revision));
    private final Map<String, VersionedStore<?>> byTopic = views.stream()
            .collect(Collectors.toUnmodifiableMap(view -> view.spec().name(), View::store));
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();

    public StateViews(KafkaSettings settings) {
        this.settings = settings;
    }

    /** Every view's topic, read from the beginning into its store. */
    public List<TopicReader.Subscription> subscriptions() {
        return views.stream().map(view -> new TopicReader.Subscription(settings.topic(view.spec()),
                TopicReader.Start.BEGINNING, handler(view))).toList();
    }

    /** The reader that fills the views ({@link BusReader}). */
    public void readBy(TopicReader reader) {
        TopicReader.relay(reader.caughtUp(), caughtUp);
    }

    /** Profiles by {@code <project>/<name>}. */
    public VersionedStore<Profile> profiles() {
        return profiles;
    }

    /** Instances by {@code <project>/<name>}. */
    public VersionedStore<Instance> instances() {
        return instances;
    }

    /** What hosts run, by {@code <project>/<name>} of the instance. */
    public VersionedStore<InstanceRuntime> runtime() {
        return runtime;
    }

    /** Hosts by name. */
    public VersionedStore<ExecutorHost> hosts() {
        return hosts;
    }

    /** Images by {@code <project>/<fingerprint>}. */
    public VersionedStore<Image> images() {
        return images;
    }

    /** Image aliases by {@code <project>/<name>}. */
    public VersionedStore<ImageAlias> aliases() {
        return aliases;
    }

    /** Storage pools by name. */
    public VersionedStore<StoragePool> pools() {
        return pools;
    }

    /** Volumes by {@code <project>/<pool>/<type>/<name>}. */
    public VersionedStore<Volume> volumes() {
        return volumes;
    }

    /** Snapshots by {@code <project>/<instance>/<snapshot>}. */
    public VersionedStore<Snapshot> snapshots() {
        return snapshots;
    }

    /** Completes once every view has read up to the end offsets it saw at start. */
    public CompletableFuture<Void> caughtUp() {
        return caughtUp;
    }

    /** Whether every view has caught up (readiness). */
    public boolean isCaughtUp() {
        return caughtUp.isDone() && !caughtUp.isCompletedExceptionally();
    }

    /** Completes once the views show every write (writes to topics no view reads are not waited for). */
    public CompletableFuture<Void> awaitWrites(List<StateWrite> writes) {
        if (writes == null || writes.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<?>[] waits = writes.stream()
                .filter(write -> byTopic.containsKey(write.topic()))
                .map(write -> byTopic.get(write.topic()).awaitRevision(write.key(), write.revision()))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(waits);
    }

    private static <T> TopicReader.Handler handler(View<T> view) {
        JsonSerde<T> serde = JsonSerde.of(view.type());
        return record -> apply(record, view.store(), serde, view.revisionOf());
    }

    private static <T> void apply(ConsumerRecord<String, byte[]> record, VersionedStore<T> store, JsonSerde<T> serde,
                                  ToLongFunction<T> revisionOf) {
        if (record.key() == null) {
            return;
        }
        T value = record.value() == null ? null : serde.deserialize(record.topic(), record.value());
        Long revision = revisionHeader(record);
        if (revision == null) {
            if (value != null && revisionOf != null) {
                revision = revisionOf.applyAsLong(value);
            } else {
                if (value == null) {
                    LOG.debugf("Tombstone for %s without %s header", record.key(), RecordHeaders.REVISION);
                }
                revision = store.revision(record.key()) + (value == null ? 0 : 1);
            }
        }
        store.apply(record.key(), value, revision);
    }

    private static Long revisionHeader(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(RecordHeaders.REVISION);
        if (header == null || header.value() == null) {
            return null;
        }
        try {
            return Long.parseLong(new String(header.value(), StandardCharsets.UTF_8).trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
