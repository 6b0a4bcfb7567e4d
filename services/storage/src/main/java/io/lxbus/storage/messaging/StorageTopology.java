package io.lxbus.storage.messaging;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lxbus.common.InboundCommandDeserializer;
import io.lxbus.events.Command;
import io.lxbus.events.Image;
import io.lxbus.events.ImageAlias;
import io.lxbus.events.Result;
import io.lxbus.events.StorageCommand;
import io.lxbus.events.Topics;
import io.lxbus.events.wire.JsonSerde;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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
 * The record-keeping topology: the command topic and the image topic (co-partitioned by project) feed two
 * processors sharing the stores; the command processor writes images, aliases, lifecycle events and results.
 */
public final class StorageTopology {
    private static final TypeReference<Command<StorageCommand>> COMMAND_TYPE = new TypeReference<>() { };

    /** The command source. */
    public static final String SOURCE = "storage-commands";
    /** The image topic read back (imports arrive this way). */
    public static final String IMAGES_SOURCE = "storage-images-in";
    /** The command processor. */
    public static final String PROCESSOR = "storage-command-handler";
    /** The image feed processor. */
    public static final String IMAGE_FEED = "storage-image-feed";
    /** Sink of image records. */
    public static final String IMAGES_SINK = "images-out";
    /** Sink of alias records. */
    public static final String ALIASES_SINK = "aliases-out";
    /** Sink of lifecycle events. */
    public static final String LIFECYCLE_SINK = "lifecycle-out";
    /** Sink of results. */
    public static final String RESULTS_SINK = "results-out";

    private StorageTopology() {
    }

    /** Builds the topology. */
    public static Topology build(String prefix, boolean persistentStores, Clock clock, Duration commandRetention) {
        Function<String, KeyValueBytesStoreSupplier> store = persistentStores
                ? Stores::persistentKeyValueStore : Stores::inMemoryKeyValueStore;
        Topology topology = new Topology();
        topology.addSource(SOURCE, new StringDeserializer(), new InboundCommandDeserializer<>(COMMAND_TYPE),
                Topics.named(prefix, Topics.STORAGE_COMMANDS));
        topology.addSource(IMAGES_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(),
                Topics.named(prefix, Topics.IMAGES));
        topology.addProcessor(PROCESSOR, () -> new CommandProcessor(clock, commandRetention), SOURCE);
        topology.addProcessor(IMAGE_FEED, ImageFeedProcessor::new, IMAGES_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(store.apply(StoreNames.IMAGES), Serdes.String(),
                JsonSerde.of(Image.class)), PROCESSOR, IMAGE_FEED);
        topology.addStateStore(Stores.keyValueStoreBuilder(store.apply(StoreNames.ALIASES), Serdes.String(),
                JsonSerde.of(ImageAlias.class)), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(store.apply(StoreNames.HANDLED_COMMANDS), Serdes.String(),
                JsonSerde.of(Result.class)), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(store.apply(StoreNames.COUNTERS), Serdes.String(),
                Serdes.Long()), PROCESSOR, IMAGE_FEED);
        ProjectSinkPartitioner byProject = new ProjectSinkPartitioner();
        topology.addSink(IMAGES_SINK, Topics.named(prefix, Topics.IMAGES), new StringSerializer(),
                new ByteArraySerializer(), byProject, PROCESSOR);
        topology.addSink(ALIASES_SINK, Topics.named(prefix, Topics.IMAGE_ALIASES), new StringSerializer(),
                new ByteArraySerializer(), byProject, PROCESSOR);
        topology.addSink(LIFECYCLE_SINK, Topics.named(prefix, Topics.LIFECYCLE), new StringSerializer(),
                new ByteArraySerializer(), PROCESSOR);
        topology.addSink(RESULTS_SINK, Topics.named(prefix, Topics.RESULTS), new StringSerializer(),
                new ByteArraySerializer(), PROCESSOR);
        return topology;
    }
}
