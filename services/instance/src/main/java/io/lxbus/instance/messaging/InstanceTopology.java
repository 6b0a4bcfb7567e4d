package io.lxbus.instance.messaging;

import io.lxbus.events.Profile;
import io.lxbus.events.Result;
import io.lxbus.events.Topics;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.instance.domain.ProfileRules;
import io.lxbus.instance.domain.ProfileUsage;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * The instance service's topology: one source (the command topic, keyed by project), one processor that owns
 * the stores, and one sink per output topic. Everything one command causes is written by that processor inside
 * the same task, so under exactly-once it commits or aborts together.
 */
public final class InstanceTopology {
    /** The source node's name. */
    public static final String SOURCE = "instance-commands";
    /** The processor node's name. */
    public static final String PROCESSOR = "instance-command-handler";
    /** The sink writing profile state records. */
    public static final String PROFILES_SINK = "profiles-out";
    /** The sink writing lifecycle events. */
    public static final String LIFECYCLE_SINK = "lifecycle-out";
    /** The sink writing results. */
    public static final String RESULTS_SINK = "results-out";

    private InstanceTopology() {
    }

    /**
     * Builds the topology.
     *
     * @param prefix            the deployment's topic prefix (empty for none)
     * @param persistentStores  RocksDB stores (true) or in-memory stores (false); both have changelogs
     * @param clock             the source of "now" for records, events and results
     * @param commandRetention  how long a handled command's result is remembered
     */
    public static Topology build(String prefix, boolean persistentStores, Clock clock, Duration commandRetention) {
        Function<String, KeyValueBytesStoreSupplier> store = persistentStores
                ? Stores::persistentKeyValueStore : Stores::inMemoryKeyValueStore;
        Topology topology = new Topology();
        topology.addSource(SOURCE, new StringDeserializer(), new InboundCommandDeserializer(),
                Topics.named(prefix, Topics.INSTANCE_COMMANDS));
        topology.addProcessor(PROCESSOR,
                () -> new CommandProcessor(new ProfileRules(ProfileUsage.NO_INSTANCES_YET), clock, commandRetention),
                SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(store.apply(StoreNames.PROFILES), Serdes.String(),
                JsonSerde.of(Profile.class)), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(store.apply(StoreNames.HANDLED_COMMANDS), Serdes.String(),
                JsonSerde.of(Result.class)), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(store.apply(StoreNames.COUNTERS), Serdes.String(),
                Serdes.Long()), PROCESSOR);
        topology.addSink(PROFILES_SINK, Topics.named(prefix, Topics.PROFILES), new StringSerializer(),
                new ByteArraySerializer(), PROCESSOR);
        topology.addSink(LIFECYCLE_SINK, Topics.named(prefix, Topics.LIFECYCLE), new StringSerializer(),
                new ByteArraySerializer(), PROCESSOR);
        topology.addSink(RESULTS_SINK, Topics.named(prefix, Topics.RESULTS), new StringSerializer(),
                new ByteArraySerializer(), PROCESSOR);
        return topology;
    }
}
