package io.lxbus.gateway.messaging;

import io.lxbus.events.Profile;
import io.lxbus.events.RecordHeaders;
import io.lxbus.events.StateWrite;
import io.lxbus.events.Topics;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.gateway.domain.VersionedStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;

/**
 * The in-memory views the gateway serves reads from, each built from a compacted state topic read from
 * the beginning; and the read-your-writes wait on them.
 */
@ApplicationScoped
public class StateViews {
    private static final Logger LOG = Logger.getLogger(StateViews.class);

    private final KafkaSettings settings;
    private final VersionedStore<Profile> profiles = new VersionedStore<>();
    private final Map<String, VersionedStore<?>> byTopic = Map.of(Topics.PROFILES.name(), profiles);
    private List<TopicReader> readers = List.of();

    public StateViews(KafkaSettings settings) {
        this.settings = settings;
    }

    void start(@Observes StartupEvent event) {
        readers = List.of(view(Topics.PROFILES.name(), settings.topic(Topics.PROFILES), profiles,
                JsonSerde.of(Profile.class), Profile::revision));
        readers.forEach(TopicReader::start);
    }

    void stop(@Observes ShutdownEvent event) {
        readers.forEach(TopicReader::stop);
    }

    /** Profiles by {@code <project>/<name>}. */
    public VersionedStore<Profile> profiles() {
        return profiles;
    }

    /** Completes once every view has read up to the end offsets it saw at start. */
    public CompletableFuture<Void> caughtUp() {
        return CompletableFuture.allOf(readers.stream().map(TopicReader::caughtUp).toArray(CompletableFuture[]::new));
    }

    /** Whether every view has caught up (readiness). */
    public boolean isCaughtUp() {
        return !readers.isEmpty() && readers.stream().allMatch(reader -> reader.caughtUp().isDone()
                && !reader.caughtUp().isCompletedExceptionally());
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

    private <T> TopicReader view(String catalogName, String topic, VersionedStore<T> store, JsonSerde<T> serde,
                                 ToLongFunction<T> revisionOf) {
        return new TopicReader(topic, settings.consumer("lxbus-gateway-view-" + catalogName), TopicReader.Start.BEGINNING,
                record -> apply(record, store, serde, revisionOf));
    }

    private static <T> void apply(ConsumerRecord<String, byte[]> record, VersionedStore<T> store, JsonSerde<T> serde,
                                  ToLongFunction<T> revisionOf) {
        if (record.key() == null) {
            return;
        }
        T value = record.value() == null ? null : serde.deserialize(record.topic(), record.value());
        Long revision = revisionHeader(record);
        if (revision == null) {
            if (value == null) {
                LOG.warnf("Tombstone for %s without %s header", record.key(), RecordHeaders.REVISION);
                revision = store.revision(record.key());
            } else {
                revision = revisionOf.applyAsLong(value);
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
