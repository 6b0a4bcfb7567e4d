package io.lxbus.storage.messaging;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lxbus.events.Actions;
import io.lxbus.events.Command;
import io.lxbus.events.CreateImageAlias;
import io.lxbus.events.DeleteImage;
import io.lxbus.events.ErrorCode;
import io.lxbus.events.Image;
import io.lxbus.events.LifecycleEvent;
import io.lxbus.events.RecordHeaders;
import io.lxbus.events.RenameImageAlias;
import io.lxbus.events.Requestor;
import io.lxbus.events.Result;
import io.lxbus.events.StorageCommand;
import io.lxbus.events.Topics;
import io.lxbus.events.wire.JsonSerde;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class StorageTopologyTest {
    private static final String FP = "ab12" + "0".repeat(60);
    private static final Requestor BOB = new Requestor("bob", "unix", "@");
    private static final JsonSerde<Result> RESULTS = JsonSerde.of(Result.class);
    private static final JsonSerde<LifecycleEvent> EVENTS = JsonSerde.of(LifecycleEvent.class);

    private TopologyTestDriver driver;
    private TestInputTopic<String, Command<StorageCommand>> commands;
    private TestInputTopic<String, byte[]> imagesIn;
    private TestOutputTopic<String, byte[]> results;
    private TestOutputTopic<String, byte[]> events;
    private TestOutputTopic<String, byte[]> aliases;
    private TestOutputTopic<String, byte[]> images;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "storage-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(StorageTopology.build("", false,
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), Duration.ofDays(7)), props);
        commands = driver.createInputTopic(Topics.STORAGE_COMMANDS.name(), new StringSerializer(),
                JsonSerde.of(new TypeReference<Command<StorageCommand>>() { }));
        imagesIn = driver.createInputTopic(Topics.IMAGES.name(), new StringSerializer(), new ByteArraySerializer());
        results = driver.createOutputTopic(Topics.RESULTS.name(), new StringDeserializer(), new ByteArrayDeserializer());
        events = driver.createOutputTopic(Topics.LIFECYCLE.name(), new StringDeserializer(), new ByteArrayDeserializer());
        aliases = driver.createOutputTopic(Topics.IMAGE_ALIASES.name(), new StringDeserializer(),
                new ByteArrayDeserializer());
        images = driver.createOutputTopic(Topics.IMAGES.name(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void imported() {
        Image image = new Image("default", FP, "container", "bb.tar.gz", 10, "x86_64", Map.of(), false, false,
                List.of("default"), Instant.EPOCH, Instant.EPOCH, null, 1);
        TestRecord<String, byte[]> record = new TestRecord<>("default/" + FP,
                JsonSerde.of(Image.class).serialize(null, image));
        record.headers().add(new RecordHeader(RecordHeaders.REVISION, "1".getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader(StorageHeaders.EVENT_SEQ, "1".getBytes(StandardCharsets.UTF_8)));
        imagesIn.pipeInput(record);
    }

    private Command<StorageCommand> send(String id, StorageCommand body) {
        Command<StorageCommand> command = new Command<>(id, "op-" + id, BOB, Instant.EPOCH, body);
        commands.pipeInput(body.project(), command);
        return command;
    }

    private Result lastResult() {
        List<TestRecord<String, byte[]>> all = results.readRecordsToList();
        return RESULTS.deserialize(null, all.get(all.size() - 1).value());
    }

    @Test
    void aliasLifecycleWithRevisionsAndGaplessSeq() {
        imported();
        send("c1", new CreateImageAlias("default", "bb", "ab12", ""));
        Result created = lastResult();
        assertThat(created.success()).isTrue();
        assertThat(created.source()).isEqualTo("/1.0/images/aliases/bb");
        var aliasRecord = aliases.readRecord();
        assertThat(aliasRecord.key()).isEqualTo("default/bb");
        assertThat(new String(aliasRecord.headers().lastHeader(RecordHeaders.REVISION).value())).isEqualTo("1");

        send("c2", new RenameImageAlias("default", "bb", "busybox"));
        assertThat(lastResult().success()).isTrue();
        assertThat(aliases.readKeyValuesToList()).extracting(kv -> kv.key + "=" + (kv.value == null ? "null" : "v"))
                .containsExactly("default/busybox=v", "default/bb=null");

        send("c3", new CreateImageAlias("default", "busybox", FP, ""));
        Result conflict = lastResult();
        assertThat(conflict.error()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(conflict.message()).isEqualTo("Alias \"busybox\" already exists");

        send("c1", new CreateImageAlias("default", "bb", "ab12", ""));
        assertThat(lastResult()).isEqualTo(created);

        send("c4", new DeleteImage("default", "ab"));
        assertThat(lastResult().success()).isTrue();
        assertThat(images.readRecord().value()).isNull();
        List<LifecycleEvent> all = events.readValuesToList().stream().map(v -> EVENTS.deserialize(null, v)).toList();
        assertThat(all).extracting(e -> e.data().action()).containsExactly(Actions.IMAGE_ALIAS_CREATED,
                Actions.IMAGE_ALIAS_RENAMED, Actions.IMAGE_DELETED);
        // The import took seq 1 of the image, so its deletion is seq 2.
        assertThat(all.get(2).seq()).isEqualTo(2);
        assertThat(all.get(2).source()).isEqualTo("/1.0/images/" + FP);
        assertThat(all.get(2).data().requestor()).isEqualTo(BOB);

        send("c5", new DeleteImage("default", FP));
        assertThat(lastResult().message()).isEqualTo("Image not found");
    }
}
