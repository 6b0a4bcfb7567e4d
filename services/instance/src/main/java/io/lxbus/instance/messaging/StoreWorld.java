package io.lxbus.instance.messaging;

import io.lxbus.events.ExecutorHost;
import io.lxbus.events.SharedIdmap;
import io.lxbus.events.IdMap;
import io.lxbus.events.Image;
import io.lxbus.events.ImageAlias;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceRuntime;
import io.lxbus.events.Keys;
import io.lxbus.events.Profile;
import io.lxbus.events.StoragePool;
import io.lxbus.events.Volume;
import io.lxbus.instance.domain.Creation;
import io.lxbus.instance.domain.InstanceDecision.Applied;
import io.lxbus.instance.domain.InstanceDecision.CreationNote;
import io.lxbus.instance.domain.InstanceDecision.InstanceWrite;
import io.lxbus.instance.domain.InstanceWorld;
import io.lxbus.instance.domain.Restoration;
import io.lxbus.instance.domain.InstanceDecision.RestorationNote;
import io.lxbus.instance.domain.InstanceDecision.SnapshotWrite;
import io.lxbus.events.Snapshot;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The rules' view of the task's stores. Changes staged for the record being processed (instances, creation notes,
 * profiles) are seen through an overlay before they reach the stores, so one record's later steps see its earlier
 * ones while nothing is written until the whole outcome is prepared.
 */
final class StoreWorld implements InstanceWorld {
    private static final StringSerializer KEYS = new StringSerializer();

    final KeyValueStore<String, Profile> profiles;
    final KeyValueStore<String, Instance> instances;
    final KeyValueStore<String, Creation> creations;
    final KeyValueStore<String, Snapshot> snapshots;
    final KeyValueStore<String, Restoration> restorations;
    final KeyValueStore<String, IdMap> idmaps;
    final KeyValueStore<String, Volume> volumes;
    final KeyValueStore<String, Image> images;
    final KeyValueStore<String, ImageAlias> aliases;
    final KeyValueStore<String, InstanceRuntime> runtime;
    private final ReadOnlyKeyValueStore<String, StoragePool> pools;
    private final ReadOnlyKeyValueStore<String, ExecutorHost> hosts;
    private final ReadOnlyKeyValueStore<String, SharedIdmap> shared;
    private final Map<String, Optional<Instance>> stagedInstances = new HashMap<>();
    private final Map<String, Optional<Creation>> stagedCreations = new HashMap<>();
    private final Map<String, Optional<Profile>> stagedProfiles = new HashMap<>();
    private final Map<String, Optional<Snapshot>> stagedSnapshots = new HashMap<>();
    private final Map<String, Optional<Restoration>> stagedRestorations = new HashMap<>();

    StoreWorld(ProcessorContext<?, ?> context) {
        profiles = context.getStateStore(StoreNames.PROFILES);
        instances = context.getStateStore(StoreNames.INSTANCES);
        creations = context.getStateStore(StoreNames.CREATIONS);
        snapshots = context.getStateStore(StoreNames.SNAPSHOTS);
        restorations = context.getStateStore(StoreNames.RESTORATIONS);
        idmaps = context.getStateStore(StoreNames.IDMAPS);
        volumes = context.getStateStore(StoreNames.VOLUMES);
        images = context.getStateStore(StoreNames.IMAGES);
        aliases = context.getStateStore(StoreNames.ALIASES);
        runtime = context.getStateStore(StoreNames.RUNTIME);
        pools = context.getStateStore(StoreNames.POOLS);
        hosts = context.getStateStore(StoreNames.HOSTS);
        shared = context.getStateStore(StoreNames.SHARED_IDMAP);
    }

    /** Forgets the overlay; called before each record. */
    void reset() {
        stagedInstances.clear();
        stagedCreations.clear();
        stagedProfiles.clear();
        stagedSnapshots.clear();
        stagedRestorations.clear();
    }

    void stage(Applied applied) {
        for (InstanceWrite write : applied.writes()) {
            stagedInstances.put(Keys.resource(write.project(), write.name()), Optional.ofNullable(write.instance()));
        }
        for (CreationNote note : applied.creations()) {
            stagedCreations.put(Keys.resource(note.project(), note.name()), Optional.ofNullable(note.creation()));
        }
        for (SnapshotWrite write : applied.snapshots()) {
            stagedSnapshots.put(write.key(), Optional.ofNullable(write.snapshot()));
        }
        for (RestorationNote note : applied.restorations()) {
            stagedRestorations.put(Keys.resource(note.project(), note.name()),
                    Optional.ofNullable(note.restoration()));
        }
    }

    void stageProfile(String key, Profile profile) {
        stagedProfiles.put(key, Optional.ofNullable(profile));
    }

    @Override
    public Optional<Profile> find(String project, String name) {
        String key = Keys.resource(project, name);
        Optional<Profile> staged = stagedProfiles.get(key);
        return staged != null ? staged : Optional.ofNullable(profiles.get(key));
    }

    @Override
    public Optional<Instance> instance(String project, String name) {
        String key = Keys.resource(project, name);
        Optional<Instance> staged = stagedInstances.get(key);
        return staged != null ? staged : Optional.ofNullable(instances.get(key));
    }

    @Override
    public List<Instance> instances(String project) {
        return overlaid(instances, stagedInstances, project + "/");
    }

    @Override
    public List<Image> imagesByPrefix(String project, String prefix) {
        return scan(images, Keys.resource(project, prefix)).stream().map(kv -> kv.value).toList();
    }

    @Override
    public Optional<ImageAlias> alias(String project, String name) {
        return Optional.ofNullable(aliases.get(Keys.resource(project, name)));
    }

    @Override
    public Optional<StoragePool> pool(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(pools.get(name));
    }

    @Override
    public List<ExecutorHost> hosts() {
        List<ExecutorHost> all = new ArrayList<>();
        try (KeyValueIterator<String, ExecutorHost> it = hosts.all()) {
            it.forEachRemaining(kv -> all.add(kv.value));
        }
        return all;
    }

    @Override
    public Optional<SharedIdmap> sharedIdmap() {
        return Optional.ofNullable(shared.get(SharedIdmap.KEY));
    }

    @Override
    public Optional<IdMap> idmap(String project, String name) {
        return Optional.ofNullable(idmaps.get(Keys.resource(project, name)));
    }

    @Override
    public Optional<Volume> volume(String project, String pool, String type, String name) {
        return Optional.ofNullable(volumes.get(Keys.volume(project, pool, type, name)));
    }

    @Override
    public Optional<InstanceRuntime> runtime(String project, String name) {
        return Optional.ofNullable(runtime.get(Keys.resource(project, name)));
    }

    @Override
    public Optional<Creation> creation(String project, String name) {
        String key = Keys.resource(project, name);
        Optional<Creation> staged = stagedCreations.get(key);
        return staged != null ? staged : Optional.ofNullable(creations.get(key));
    }

    @Override
    public List<Snapshot> snapshots(String project, String instance) {
        return overlaid(snapshots, stagedSnapshots, Keys.snapshot(project, instance, ""));
    }

    @Override
    public List<Volume> snapshotVolumes(String project, String pool) {
        if (pool == null) {
            return List.of();
        }
        return scan(volumes, Keys.volume(project, pool, "container", "")).stream().map(kv -> kv.value)
                .filter(Volume::isSnapshot).toList();
    }

    @Override
    public Optional<Restoration> restoration(String project, String name) {
        String key = Keys.resource(project, name);
        Optional<Restoration> staged = stagedRestorations.get(key);
        return staged != null ? staged : Optional.ofNullable(restorations.get(key));
    }

    /** The values whose key is {@code prefix} plus one more name (no further slash), staged changes applied. */
    private static <V> List<V> overlaid(KeyValueStore<String, V> store, Map<String, Optional<V>> staged,
                                        String prefix) {
        Map<String, V> found = new TreeMap<>();
        scan(store, prefix).forEach(kv -> found.put(kv.key, kv.value));
        staged.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                if (value.isPresent()) {
                    found.put(key, value.get());
                } else {
                    found.remove(key);
                }
            }
        });
        found.keySet().removeIf(key -> key.indexOf('/', prefix.length()) >= 0);
        return List.copyOf(found.values());
    }

    private static <V> List<KeyValue<String, V>> scan(KeyValueStore<String, V> store, String prefix) {
        List<KeyValue<String, V>> found = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.prefixScan(prefix, KEYS)) {
            it.forEachRemaining(found::add);
        }
        return found;
    }
}
