package io.lxbus.instance.messaging;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lxbus.events.Actions;
import io.lxbus.events.Command;
import io.lxbus.events.CreateProfile;
import io.lxbus.events.DeleteProfile;
import io.lxbus.events.ErrorCode;
import io.lxbus.events.InstanceCommand;
import io.lxbus.events.LifecycleEvent;
import io.lxbus.events.PatchProfile;
import io.lxbus.events.Profile;
import io.lxbus.events.RecordHeaders;
import io.lxbus.events.RenameProfile;
import io.lxbus.events.Requestor;
import io.lxbus.events.Result;
import io.lxbus.events.StateWrite;
import io.lxbus.events.Topics;
import io.lxbus.events.wire.JsonSerde;
import org.apache.kafka.common.header.Header;
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
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceTopologyTest {
    private static final String PREFIX = "t1.";
    private static final Requestor ALICE = new Requestor("alice", "unix", "@");
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

    private TopologyTestDriver driver;
    private TestInputTopic<String, Command<InstanceCommand>> commands;
    private TestInputTopic<String, byte[]> rawCommands;
    private TestOutputTopic<String, Profile> profiles;
    private TestOutputTopic<String, LifecycleEvent> lifecycle;
    private TestOutputTopic<String, Result> results;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "instance-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(InstanceTopology.build(PREFIX, false, Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ofDays(7)), props);
        commands = driver.createInputTopic(PREFIX + Topics.INSTANCE_COMMANDS.name(), new StringSerializer(),
                JsonSerde.of(new TypeReference<Command<InstanceCommand>>() { }));
        rawCommands = driver.createInputTopic(PREFIX + Topics.INSTANCE_COMMANDS.name(), new StringSerializer(),
                new ByteArraySerializer());
        profiles = driver.createOutputTopic(PREFIX + Topics.PROFILES.name(), new StringDeserializer(),
                JsonSerde.of(Profile.class));
        lifecycle = driver.createOutputTopic(PREFIX + Topics.LIFECYCLE.name(), new StringDeserializer(),
                JsonSerde.of(LifecycleEvent.class));
        results = driver.createOutputTopic(PREFIX + Topics.RESULTS.name(), new StringDeserializer(),
                JsonSerde.of(Result.class));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private Command<InstanceCommand> send(InstanceCommand body) {
        return send(UUID.randomUUID().toString(), body);
    }

    private Command<InstanceCommand> send(String commandId, InstanceCommand body) {
        Command<InstanceCommand> command = new Command<>(commandId, "op-" + commandId, ALICE, NOW, body);
        commands.pipeInput(body.project(), command);
        return command;
    }

    private static CreateProfile create(String name) {
        return new CreateProfile("default", name, "", Map.of(), Map.of());
    }

    private static String header(TestRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void createWritesStateEventAndResult() {
        Command<InstanceCommand> command = send(new CreateProfile("default", "web", "Web", Map.of("limits.cpu", "2"),
                Map.of("root", Map.of("type", "disk", "path", "/", "pool", "default"))));

        TestRecord<String, Profile> state = profiles.readRecord();
        assertThat(state.key()).isEqualTo("default/web");
        assertThat(state.value().config()).isEqualTo(Map.of("limits.cpu", "2"));
        assertThat(state.value().revision()).isEqualTo(1);
        assertThat(header(state, RecordHeaders.REVISION)).isEqualTo("1");

        TestRecord<String, LifecycleEvent> event = lifecycle.readRecord();
        assertThat(event.key()).isEqualTo("/1.0/profiles/web?project=default");
        assertThat(header(event, RecordHeaders.CONTENT_TYPE)).isEqualTo(RecordHeaders.CLOUDEVENTS_JSON);
        assertThat(event.value().seq()).isEqualTo(1);
        assertThat(event.value().source()).isEqualTo("/1.0/profiles/web");
        assertThat(event.value().type()).isEqualTo("io.lxbus.lifecycle.profile-created");
        assertThat(event.value().project()).isEqualTo("default");
        assertThat(event.value().location()).isEqualTo("none");
        assertThat(event.value().data().action()).isEqualTo(Actions.PROFILE_CREATED);
        assertThat(event.value().data().requestor()).isEqualTo(ALICE);

        TestRecord<String, Result> result = results.readRecord();
        assertThat(result.key()).isEqualTo(command.operationId());
        assertThat(result.value().success()).isTrue();
        assertThat(result.value().commandId()).isEqualTo(command.commandId());
        assertThat(result.value().source()).isEqualTo("/1.0/profiles/web");
        assertThat(result.value().writes()).containsExactly(new StateWrite("lxbus.instance.profiles", "default/web", 1));
        assertThat(profiles.isEmpty() && lifecycle.isEmpty() && results.isEmpty()).isTrue();
    }

    @Test
    void aRepeatedCommandIdGetsTheSameResultAndChangesNothing() {
        send("c-1", create("web"));
        Result first = results.readValue();
        send("c-1", create("web"));
        Result second = results.readValue();
        assertThat(second).isEqualTo(first);
        assertThat(second.success()).isTrue();
        assertThat(profiles.readRecordsToList()).hasSize(1);
        assertThat(lifecycle.readRecordsToList()).hasSize(1);
    }

    @Test
    void aRepeatedFailureIsAnsweredTheSame() {
        send("c-1", new DeleteProfile("default", "nope"));
        Result first = results.readValue();
        send("c-2", create("nope"));
        send("c-1", new DeleteProfile("default", "nope"));
        results.readValue();
        assertThat(results.readValue()).isEqualTo(first);
        assertThat(first.error()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void renameWritesTombstoneNewRecordAndOneRenamedEvent() {
        send(create("web"));
        profiles.readRecordsToList();
        lifecycle.readRecordsToList();
        results.readRecordsToList();

        send(new RenameProfile("default", "web", "www"));
        List<TestRecord<String, Profile>> states = profiles.readRecordsToList();
        assertThat(states).hasSize(2);
        assertThat(states.get(0).key()).isEqualTo("default/web");
        assertThat(states.get(0).value()).isNull();
        assertThat(header(states.get(0), RecordHeaders.REVISION)).isEqualTo("2");
        assertThat(states.get(1).key()).isEqualTo("default/www");
        assertThat(states.get(1).value().name()).isEqualTo("www");
        assertThat(header(states.get(1), RecordHeaders.REVISION)).isEqualTo("2");

        List<TestRecord<String, LifecycleEvent>> events = lifecycle.readRecordsToList();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).key()).isEqualTo("/1.0/profiles/www?project=default");
        assertThat(events.get(0).value().data().action()).isEqualTo(Actions.PROFILE_RENAMED);
        assertThat(events.get(0).value().data().source()).isEqualTo("/1.0/profiles/www");
        assertThat(events.get(0).value().data().context()).isEqualTo(Map.of("old_name", "web"));

        Result result = results.readValue();
        assertThat(result.source()).isEqualTo("/1.0/profiles/www");
        assertThat(result.writes()).containsExactly(new StateWrite("lxbus.instance.profiles", "default/web", 2),
                new StateWrite("lxbus.instance.profiles", "default/www", 2));
        send(create("web"));
        assertThat(results.readValue().success()).isTrue();
    }

    @Test
    void deletingTheDefaultProfileIsRefusedWithNothingWritten() {
        send(create("default"));
        profiles.readRecordsToList();
        lifecycle.readRecordsToList();
        results.readRecordsToList();

        send(new DeleteProfile("default", "default"));
        Result result = results.readValue();
        assertThat(result.success()).isFalse();
        assertThat(result.error()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(result.message()).isEqualTo("The \"default\" profile cannot be deleted");
        assertThat(result.writes()).isEmpty();
        assertThat(profiles.isEmpty()).isTrue();
        assertThat(lifecycle.isEmpty()).isTrue();
    }

    @Test
    void seqIsGaplessPerKeyAndFailuresTakeNoSeq() {
        send(create("a"));
        send(create("b"));
        send(new PatchProfile("default", "a", "x", null, null, null));
        send(new PatchProfile("default", "a", null, Map.of("bogus", "1"), null, null));
        send(new PatchProfile("default", "a", "y", null, null, null));
        send(new DeleteProfile("default", "a"));
        send(create("a"));
        List<String> seen = lifecycle.readRecordsToList().stream()
                .map(record -> record.key() + " " + record.value().seq() + " " + record.value().data().action())
                .toList();
        assertThat(seen).containsExactly(
                "/1.0/profiles/a?project=default 1 profile-created",
                "/1.0/profiles/b?project=default 1 profile-created",
                "/1.0/profiles/a?project=default 2 profile-updated",
                "/1.0/profiles/a?project=default 3 profile-updated",
                "/1.0/profiles/a?project=default 4 profile-deleted",
                "/1.0/profiles/a?project=default 5 profile-created");
    }

    @Test
    void revisionsGrowPerKeyAcrossDeleteAndRecreate() {
        send(create("a"));
        send(new DeleteProfile("default", "a"));
        send(create("a"));
        List<String> revisions = profiles.readRecordsToList().stream()
                .map(record -> header(record, RecordHeaders.REVISION) + (record.value() == null ? " tombstone"
                        : " rev " + record.value().revision()))
                .toList();
        assertThat(revisions).containsExactly("1 rev 1", "2 tombstone", "3 rev 3");
    }

    @Test
    void revisionsAreCountedPerProject() {
        send(create("a"));
        send(new CreateProfile("other", "a", "", Map.of(), Map.of()));
        assertThat(profiles.readRecordsToList()).extracting(record -> record.value().revision())
                .containsExactly(1L, 1L);
    }

    @Test
    void ifMatchMismatchIsRefused() {
        send(create("a"));
        send(new PatchProfile("default", "a", "x", null, null, 1L));
        results.readRecordsToList();
        profiles.readRecordsToList();
        send(new PatchProfile("default", "a", "z", null, null, 1L));
        Result result = results.readValue();
        assertThat(result.error()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
        assertThat(result.message()).isEqualTo("ETag doesn't match: 2 vs 1");
        assertThat(profiles.isEmpty()).isTrue();
    }

    @Test
    void unreadableCommandWithAnOperationIdIsAnsweredBadRequest() {
        rawCommands.pipeInput("default", "{\"commandId\":\"c9\",\"operationId\":\"op9\",\"body\":{\"type\":\"Nope\"}}"
                .getBytes(StandardCharsets.UTF_8));
        TestRecord<String, Result> result = results.readRecord();
        assertThat(result.key()).isEqualTo("op9");
        assertThat(result.value().error()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(result.value().message()).startsWith("Cannot read the command: ");
    }

    @Test
    void garbageIsSkippedAndTheStreamGoesOn() {
        rawCommands.pipeInput("default", "not json at all".getBytes(StandardCharsets.UTF_8));
        rawCommands.pipeInput("default", (byte[]) null);
        assertThat(results.isEmpty()).isTrue();
        send(create("after"));
        assertThat(results.readValue().success()).isTrue();
    }

    @Test
    void aCommandKeyedByAnythingButItsProjectIsRefused() {
        Command<InstanceCommand> command = new Command<>("c1", "op1", ALICE, NOW, create("web"));
        commands.pipeInput("web", command);
        Result result = results.readValue();
        assertThat(result.error()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(result.message()).contains("must be its project");
        assertThat(profiles.isEmpty()).isTrue();
    }

    @Test
    void handledCommandsAreForgottenAfterTheRetention() {
        MovableClock moving = new MovableClock(NOW);
        driver.close();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "instance-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(InstanceTopology.build(PREFIX, false, moving, Duration.ofDays(7)), props,
                NOW);
        commands = driver.createInputTopic(PREFIX + Topics.INSTANCE_COMMANDS.name(), new StringSerializer(),
                JsonSerde.of(new TypeReference<Command<InstanceCommand>>() { }));
        results = driver.createOutputTopic(PREFIX + Topics.RESULTS.name(), new StringDeserializer(),
                JsonSerde.of(Result.class));

        send("c-1", create("web"));
        assertThat(results.readValue().success()).isTrue();
        moving.set(NOW.plus(Duration.ofDays(8)));
        driver.advanceWallClockTime(Duration.ofDays(8));
        send("c-1", create("web"));
        Result again = results.readValue();
        assertThat(again.success()).isFalse();
        assertThat(again.error()).isEqualTo(ErrorCode.CONFLICT);
    }
}
