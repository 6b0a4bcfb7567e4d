package io.lxbus.idmap.messaging;

import io.lxbus.events.Topics;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.events.wire.ProjectPartitioner;
import io.lxbus.idmap.domain.RootAllocation;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The idmap service's topology. Instance records of every partition are funnelled, unchanged and in order per key,
 * through a one-partition repartition topic ({@value #LEDGER}) into one task: that task is the only writer of the
 * ledger of isolated ranges, across projects (see DESIGN.md). Id maps go out partitioned by project, so a map lands in
 * the same partition number as its instance.
 */
public final class IdmapTopology {
    /** The repartition topic's name part: {@code <application.id>-ledger-repartition}, one partition. */
    public static final String LEDGER = "ledger";
    /** The processor node's name. */
    public static final String PROCESSOR = "map-decider";

    private static final StreamPartitioner<String, byte[]> BY_PROJECT =
            (topic, key, value, partitions) -> Optional.of(Set.of(ProjectPartitioner.partition(key, partitions)));
    private static final StreamPartitioner<String, byte[]> ONE_PARTITION =
            (topic, key, value, partitions) -> Optional.of(Set.of(0));

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
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(store.apply(StoreNames.MAPS), Serdes.String(),
                JsonSerde.of(WrittenMap.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(store.apply(StoreNames.KEYS_BY_UUID), Serdes.String(),
                Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(store.apply(StoreNames.COUNTERS), Serdes.String(),
                Serdes.Long()));
        builder.stream(Topics.named(prefix, Topics.INSTANCES), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .repartition(Repartitioned.<String, byte[]>as(LEDGER).withKeySerde(Serdes.String())
                        .withValueSerde(Serdes.ByteArray()).withNumberOfPartitions(1)
                        .withStreamPartitioner(ONE_PARTITION))
                .process(() -> new MapProcessor(allocation, clock), Named.as(PROCESSOR), StoreNames.MAPS,
                        StoreNames.KEYS_BY_UUID, StoreNames.COUNTERS)
                .to(Topics.named(prefix, Topics.IDMAPS), Produced.with(Serdes.String(), Serdes.ByteArray())
                        .withStreamPartitioner(BY_PROJECT));
        return builder.build();
    }
}
