package io.lxbus.storage.messaging;

import io.lxbus.events.Image;
import io.lxbus.events.ImageAlias;
import io.lxbus.events.Keys;
import io.lxbus.storage.domain.Catalog;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The catalog as the stores hold it (the processor's own stores, or the same stores queried from outside). */
public final class StoreCatalog implements Catalog {
    private final ReadOnlyKeyValueStore<String, Image> images;
    private final ReadOnlyKeyValueStore<String, ImageAlias> aliases;
    private final ReadOnlyKeyValueStore<String, Long> counters;

    public StoreCatalog(ReadOnlyKeyValueStore<String, Image> images, ReadOnlyKeyValueStore<String, ImageAlias> aliases,
                        ReadOnlyKeyValueStore<String, Long> counters) {
        this.images = images;
        this.aliases = aliases;
        this.counters = counters;
    }

    @Override
    public Optional<Image> image(String project, String fingerprint) {
        return Optional.ofNullable(images.get(Keys.resource(project, fingerprint)));
    }

    @Override
    public Collection<String> fingerprints(String project) {
        List<String> fingerprints = new ArrayList<>();
        try (KeyValueIterator<String, Image> all = images.prefixScan(project + "/", new StringSerializer())) {
            all.forEachRemaining(kv -> fingerprints.add(kv.value.fingerprint()));
        }
        return fingerprints;
    }

    @Override
    public Optional<ImageAlias> alias(String project, String name) {
        return Optional.ofNullable(aliases.get(Keys.resource(project, name)));
    }

    @Override
    public List<ImageAlias> aliasesOf(String project, String fingerprint) {
        List<ImageAlias> found = new ArrayList<>();
        try (KeyValueIterator<String, ImageAlias> all = aliases.prefixScan(project + "/", new StringSerializer())) {
            while (all.hasNext()) {
                KeyValue<String, ImageAlias> kv = all.next();
                if (fingerprint.equals(kv.value.target())) {
                    found.add(kv.value);
                }
            }
        }
        return found;
    }

    @Override
    public long nextImageRevision(String project, String fingerprint) {
        return counter(StoreNames.imageRevision(Keys.resource(project, fingerprint))) + 1;
    }

    @Override
    public long nextAliasRevision(String project, String name) {
        return counter(StoreNames.aliasRevision(Keys.resource(project, name))) + 1;
    }

    /** The last seq of a lifecycle key, 0 when none. */
    public long lastSeq(String eventKey) {
        return counter(StoreNames.seq(eventKey));
    }

    private long counter(String key) {
        Long value = counters.get(key);
        return value == null ? 0 : value;
    }
}
