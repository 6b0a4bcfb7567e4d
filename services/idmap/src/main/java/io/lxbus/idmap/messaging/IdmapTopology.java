package io.lxbus.idmap.messaging;

import io.lxbus.events.Topics;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.events.wire.ProjectPartitioner;
import io.lxbus.idmap.domain.RootAllocation;
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
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The idmap service's topology. The instance service writes every instance record again into the one-partition
 * {@link Topics#IDMAP_LEDGER_IN}, in the same transaction as the record itself; one processor reads it and owns the
 * stores, so a single task holds the ledger of isolated ranges of every project. Id maps go out partitioned by
 * project, so a map lands in the same partition number as its instance. The same processor keeps the shared map
 * ({@link Topics#IDMAP_SHARED}) in step with root's allocation.
 */
public final class IdmapTopology {
    /** The source reading the ledger's one partition. */
    public static final String LEDGER_SOURCE = "ledger-in";
    /** The sink writing id maps. */
    public static final String MAPS_SINK = "maps-out";
    /** The sink writing the shared map. */
    public static final String SHARED_SINK = "shared-out";
    /** The processor node's name. */
    public static final String PROCESSOR = "map-decider";

    private static final StreamPartitioner<String, byte[]> BY_PROJECT =
            (topic, key, value, partitions) -> Optional.of(Set.of(ProjectPartitioner.partition(key, partitions)));

    private IdmapTopology() {
    }

    /**
     * Builds the topology.
     *
     * @param prefix           the deployment's topic prefix (empty for none)
     * @param persistentStores RocksDB stores (true) or in-memory stores (false); both have changelogs
     * @param clock            the source of "now" for a decision's time
     * @param allocation       root's current subuid/subgid allocation, asked before every decision
     */
    public static Topology build(String prefix, boolean persistentStores, Clock clock,
                                 Supplier<RootAllocation> allocation) {
        Function<String, KeyValueBytesStoreSupplier> store = persistentStores
                ? Stores::persistentKeyValueStore : Stores::inMemoryKeyValueStore;
        Topology topology = new Topology();
        topology.addSource(LEDGER_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(),
                Topics.named(prefix, Topics.IDMAP_LEDGER_IN));
        topology.addProcessor(PROCESSOR, () -> new MapProcessor(allocation, clock), LEDGER_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(store.apply(StoreNames.MAPS), Serdes.String(),
                JsonSerde.of(WrittenMap.class)), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(store.apply(StoreNames.KEYS_BY_UUID), Serdes.String(),
                Serdes.String()), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(store.apply(StoreNames.COUNTERS), Serdes.String(),
                Serdes.Long()), PROCESSOR);
        topology.addSink(MAPS_SINK, Topics.named(prefix, Topics.IDMAPS), new StringSerializer(),
                new ByteArraySerializer(), BY_PROJECT, PROCESSOR);
        topology.addSink(SHARED_SINK, Topics.named(prefix, Topics.IDMAP_SHARED), new StringSerializer(),
                new ByteArraySerializer(), PROCESSOR);
        return topology;
    }
}
