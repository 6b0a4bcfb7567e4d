package io.lxbus.instance.messaging;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lxbus.common.InboundCommandDeserializer;
import io.lxbus.events.Command;
import io.lxbus.events.ExecutorHost;
import io.lxbus.events.IdMap;
import io.lxbus.events.Image;
import io.lxbus.events.ImageAlias;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceCommand;
import io.lxbus.events.InstanceRuntime;
import io.lxbus.events.Profile;
import io.lxbus.events.Result;
import io.lxbus.events.SharedIdmap;
import io.lxbus.events.StoragePool;
import io.lxbus.events.TopicSpec;
import io.lxbus.events.Topics;
import io.lxbus.events.Volume;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.events.wire.ProjectPartitioner;
import io.lxbus.events.Snapshot;
import io.lxbus.instance.domain.Creation;
import io.lxbus.instance.domain.Restoration;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The instance service's topology: the command topic (keyed by project) and the co-partitioned side topics (keyed
 * {@code <project>/…}, written with {@link ProjectPartitioner}) feed one processor, so one task sees all of a
 * project; pools, hosts and the shared id map are global stores; one sink per output topic. Everything one input
 * causes is written by that processor inside the same task, so under exactly-once it commits or aborts together.
 */
public final class InstanceTopology {
    private static final TypeReference<Command<InstanceCommand>> COMMAND_TYPE = new TypeReference<>() { };

    /** The command source node's name. */
    public static final String SOURCE = "instance-commands";
    /** The processor node's name. */
    public static final String PROCESSOR = "instance-command-handler";
    /** The sink writing profile state records. */
    public static final String PROFILES_SINK = "profiles-out";
    /** The sink writing instance state records. */
    public static final String INSTANCES_SINK = "instances-out";
    /** The sink writing snapshot state records. */
    public static final String SNAPSHOTS_SINK = "snapshots-out";
    /** The sink writing lifecycle events. */
    public static final String LIFECYCLE_SINK = "lifecycle-out";
    /** The sink writing results. */
    public static final String RESULTS_SINK = "results-out";
    /** The sink copying every instance record into the idmap service's one ledger partition. */
    public static final String IDMAP_LEDGER_SINK = "idmap-ledger-out";

    /** Project-scoped state records go to the partition of their project, like the commands. */
    static final StreamPartitioner<String, byte[]> BY_PROJECT = (topic, key, value, partitions) ->
            Optional.of(Set.of(ProjectPartitioner.partition(key, partitions)));
    /** The idmap ledger's input has one partition. */
    static final StreamPartitioner<String, byte[]> FIRST_PARTITION =
            (topic, key, value, partitions) -> Optional.of(Set.of(0));

    private InstanceTopology() {
    }

    /** The topology with LXD's one-minute check for expired snapshots. */
    public static Topology build(String prefix, boolean persistentStores, Clock clock, Duration commandRetention) {
        return build(prefix, persistentStores, clock, commandRetention, Duration.ofMinutes(1));
    }

    /** The topology with LXD's one-minute check of {@code snapshots.schedule}. */
    public static Topology build(String prefix, boolean persistentStores, Clock clock, Duration commandRetention,
                                 Duration expiryCheck) {
        return build(prefix, persistentStores, clock, commandRetention, expiryCheck, Duration.ofMinutes(1));
    }

    /**
     * Builds the topology.
     *
     * @param prefix            the deployment's topic prefix (empty for none)
     * @param persistentStores  RocksDB stores (true) or in-memory stores (false); both have changelogs
     * @param clock             the source of "now" for records, events and results; its zone is the one
     *                          {@code snapshots.schedule} and {@code snapshots.pattern} read times in (LXD: local time)
     * @param commandRetention  how long a handled command's result is remembered
     * @param expiryCheck       how often expired snapshots are looked for (LXD: every minute)
     * @param scheduleCheck     how often {@code snapshots.schedule} is checked (LXD: every minute)
     */
    public static Topology build(String prefix, boolean persistentStores, Clock clock, Duration commandRetention,
                                 Duration expiryCheck, Duration scheduleCheck) {
        Function<String, KeyValueBytesStoreSupplier> store = persistentStores
                ? Stores::persistentKeyValueStore : Stores::inMemoryKeyValueStore;
        Topology topology = new Topology();
        topology.addSource(SOURCE, new StringDeserializer(), new InboundCommandDeserializer<>(COMMAND_TYPE),
                Topics.named(prefix, Topics.INSTANCE_COMMANDS));
        String[] parents = {SOURCE, side(topology, prefix, SideRecord.Kind.IDMAP, Topics.IDMAPS),
            side(topology, prefix, SideRecord.Kind.VOLUME, Topics.VOLUMES),
            side(topology, prefix, SideRecord.Kind.IMAGE, Topics.IMAGES),
            side(topology, prefix, SideRecord.Kind.ALIAS, Topics.IMAGE_ALIASES),
            side(topology, prefix, SideRecord.Kind.RUNTIME, Topics.RUNTIME),
            side(topology, prefix, SideRecord.Kind.FACT, Topics.FACTS)};
        topology.addProcessor(PROCESSOR, () -> new InstanceProcessor(clock, commandRetention, expiryCheck,
                scheduleCheck), parents);
        local(topology, store, StoreNames.PROFILES, Profile.class);
        local(topology, store, StoreNames.HANDLED_COMMANDS, Result.class);
        topology.addStateStore(Stores.keyValueStoreBuilder(store.apply(StoreNames.COUNTERS), Serdes.String(),
                Serdes.Long()), PROCESSOR);
        local(topology, store, StoreNames.INSTANCES, Instance.class);
        local(topology, store, StoreNames.CREATIONS, Creation.class);
        local(topology, store, StoreNames.SNAPSHOTS, Snapshot.class);
        local(topology, store, StoreNames.RESTORATIONS, Restoration.class);
        local(topology, store, StoreNames.IDMAPS, IdMap.class);
        local(topology, store, StoreNames.VOLUMES, Volume.class);
        local(topology, store, StoreNames.IMAGES, Image.class);
        local(topology, store, StoreNames.ALIASES, ImageAlias.class);
        local(topology, store, StoreNames.RUNTIME, InstanceRuntime.class);
        global(topology, store, prefix, StoreNames.POOLS, Topics.POOLS, StoragePool.class);
        global(topology, store, prefix, StoreNames.HOSTS, Topics.HOSTS, ExecutorHost.class);
        global(topology, store, prefix, StoreNames.SHARED_IDMAP, Topics.IDMAP_SHARED, SharedIdmap.class);
        topology.addSink(PROFILES_SINK, Topics.named(prefix, Topics.PROFILES), new StringSerializer(),
                new ByteArraySerializer(), BY_PROJECT, PROCESSOR);
        topology.addSink(INSTANCES_SINK, Topics.named(prefix, Topics.INSTANCES), new StringSerializer(),
                new ByteArraySerializer(), BY_PROJECT, PROCESSOR);
        topology.addSink(IDMAP_LEDGER_SINK, Topics.named(prefix, Topics.IDMAP_LEDGER_IN), new StringSerializer(),
                new ByteArraySerializer(), FIRST_PARTITION, PROCESSOR);
        topology.addSink(SNAPSHOTS_SINK, Topics.named(prefix, Topics.SNAPSHOTS), new StringSerializer(),
                new ByteArraySerializer(), BY_PROJECT, PROCESSOR);
        topology.addSink(LIFECYCLE_SINK, Topics.named(prefix, Topics.LIFECYCLE), new StringSerializer(),
                new ByteArraySerializer(), PROCESSOR);
        topology.addSink(RESULTS_SINK, Topics.named(prefix, Topics.RESULTS), new StringSerializer(),
                new ByteArraySerializer(), PROCESSOR);
        return topology;
    }

    private static String side(Topology topology, String prefix, SideRecord.Kind kind, TopicSpec topic) {
        String name = "side-" + kind.name().toLowerCase(java.util.Locale.ROOT);
        topology.addSource(name, new StringDeserializer(), new SideRecordDeserializer(kind),
                Topics.named(prefix, topic));
        return name;
    }

    private static <V> void local(Topology topology, Function<String, KeyValueBytesStoreSupplier> store, String name,
                                  Class<V> type) {
        topology.addStateStore(Stores.keyValueStoreBuilder(store.apply(name), Serdes.String(), JsonSerde.of(type)),
                PROCESSOR);
    }

    private static <V> void global(Topology topology, Function<String, KeyValueBytesStoreSupplier> store,
                                   String prefix, String name, TopicSpec topic, Class<V> type) {
        topology.addGlobalStore(Stores.keyValueStoreBuilder(store.apply(name), Serdes.String(), JsonSerde.of(type))
                        .withLoggingDisabled(), "global-" + name, new StringDeserializer(),
                new ByteArrayDeserializer(), Topics.named(prefix, topic), "global-" + name + "-updater",
                () -> new GlobalStoreUpdater<>(name, type));
    }
}
