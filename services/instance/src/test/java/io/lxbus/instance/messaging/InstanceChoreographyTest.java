package io.lxbus.instance.messaging;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lxbus.events.Actions;
import io.lxbus.events.ChangeInstanceState;
import io.lxbus.events.Command;
import io.lxbus.events.CreateInstance;
import io.lxbus.events.CreateProfile;
import io.lxbus.events.DeleteInstance;
import io.lxbus.events.DeleteProfile;
import io.lxbus.events.ErrorCode;
import io.lxbus.events.ExecutorHost;
import io.lxbus.events.IdMap;
import io.lxbus.events.IdmapEntry;
import io.lxbus.events.Image;
import io.lxbus.events.ImageAlias;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceCommand;
import io.lxbus.events.InstanceRuntime;
import io.lxbus.events.InstanceSource;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.LifecycleEvent;
import io.lxbus.events.PatchInstance;
import io.lxbus.events.PatchProfile;
import io.lxbus.events.PowerState;
import io.lxbus.events.RecordHeaders;
import io.lxbus.events.RenameInstance;
import io.lxbus.events.Requestor;
import io.lxbus.events.Result;
import io.lxbus.events.StateWrite;
import io.lxbus.events.StoragePool;
import io.lxbus.events.Topics;
import io.lxbus.events.Volume;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.events.wire.ProjectPartitioner;
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

/** The whole instance choreography through the topology, with the other owners' records piped in by hand. */
class InstanceChoreographyTest {
    private static final String PREFIX = "t2.";
    private static final Requestor ALICE = new Requestor("alice", "unix", "@");
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final String FP = "e32e0f0c1b2a3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccd";
    private static final List<IdmapEntry> MAP = List.of(new IdmapEntry(true, false, 1000000, 0, 1000000000),
            new IdmapEntry(false, true, 1000000, 0, 1000000000));

    private TopologyTestDriver driver;
    private TestInputTopic<String, Command<InstanceCommand>> commands;
    private TestInputTopic<String, IdMap> maps;
    private TestInputTopic<String, Volume> volumes;
    private TestInputTopic<String, Image> images;
    private TestInputTopic<String, ImageAlias> aliases;
    private TestInputTopic<String, InstanceRuntime> runtime;
    private TestInputTopic<String, StoragePool> pools;
    private TestInputTopic<String, ExecutorHost> hosts;
    private TestOutputTopic<String, Instance> instances;
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
        commands = input(Topics.INSTANCE_COMMANDS, JsonSerde.of(new TypeReference<Command<InstanceCommand>>() { }));
        maps = input(Topics.IDMAPS, JsonSerde.of(IdMap.class));
        volumes = input(Topics.VOLUMES, JsonSerde.of(Volume.class));
        images = input(Topics.IMAGES, JsonSerde.of(Image.class));
        aliases = input(Topics.IMAGE_ALIASES, JsonSerde.of(ImageAlias.class));
        runtime = input(Topics.RUNTIME, JsonSerde.of(InstanceRuntime.class));
        pools = input(Topics.POOLS, JsonSerde.of(StoragePool.class));
        hosts = input(Topics.HOSTS, JsonSerde.of(ExecutorHost.class));
        instances = driver.createOutputTopic(PREFIX + Topics.INSTANCES.name(), new StringDeserializer(),
                JsonSerde.of(Instance.class));
        lifecycle = driver.createOutputTopic(PREFIX + Topics.LIFECYCLE.name(), new StringDeserializer(),
                JsonSerde.of(LifecycleEvent.class));
        results = driver.createOutputTopic(PREFIX + Topics.RESULTS.name(), new StringDeserializer(),
                JsonSerde.of(Result.class));

        send(new CreateProfile("default", "default", "", Map.of(),
                Map.of("root", Map.of("path", "/", "pool", "default", "type", "disk"))));
        pools.pipeInput("default", new StoragePool("default", "dir", "", Map.of("source", "/x"), "Created", 1, NOW));
        hosts.pipeInput("node1", new ExecutorHost("node1", "unix:/run/executor.socket", "/var/lib/lxbus/containers",
                List.of("x86_64"), List.of("lxc"), NOW));
        images.pipeInput("default/" + FP, new Image("default", FP, "container", "bb.tar.gz", 1000, "x86_64",
                Map.of("os", "busybox", "release", "1"), false, false, List.of("default"), NOW, NOW, null, 1));
        aliases.pipeInput("default/bb", new ImageAlias("default", "bb", FP, "container", "", 1));
        drain();
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private <T> TestInputTopic<String, T> input(io.lxbus.events.TopicSpec topic, JsonSerde<T> serde) {
        return driver.createInputTopic(PREFIX + topic.name(), new StringSerializer(), serde);
    }

    private void drain() {
        instances.readRecordsToList();
        lifecycle.readRecordsToList();
        results.readRecordsToList();
    }

    private Command<InstanceCommand> send(InstanceCommand body) {
        return send(UUID.randomUUID().toString(), body);
    }

    private Command<InstanceCommand> send(String commandId, InstanceCommand body) {
        Command<InstanceCommand> command = new Command<>(commandId, "op-" + commandId, ALICE, NOW, body);
        commands.pipeInput(body.project(), command);
        return command;
    }

    private static CreateInstance create(String name, boolean start) {
        return new CreateInstance("default", name, "container", "", null, Map.of("limits.cpu", "2"), Map.of(), false,
                new InstanceSource("image", null, "bb"), start);
    }

    private Instance last(String key) {
        List<TestRecord<String, Instance>> all = instances.readRecordsToList();
        assertThat(all).isNotEmpty();
        TestRecord<String, Instance> record = all.get(all.size() - 1);
        assertThat(record.key()).isEqualTo(key);
        return record.value();
    }

    private List<String> actions() {
        return lifecycle.readRecordsToList().stream().map(r -> r.value().data().action()).toList();
    }

    private void mapAndVolume(Instance instance) {
        maps.pipeInput("default/" + instance.name(), new IdMap("default", instance.name(), instance.uuid(), MAP,
                1000000, false, null, NOW, null));
        volumes.pipeInput("default/default/container/" + instance.name(), new Volume("default", "default",
                "container", instance.name(), "filesystem", "", Map.of(), "node1", "/pool/containers/" + instance.uuid(),
                instance.uuid(), FP, "Created", null, 1, NOW));
    }

    private void ack(Instance instance, String status, String error) {
        runtime.pipeInput("default/" + instance.name(), new InstanceRuntime("default", instance.name(),
                instance.uuid(), "node1", status, status.equals("Running") ? 42 : 0, instance.pending().operationId(),
                error, "requested", MAP, NOW));
    }

    /** Creates c1 all the way to STOPPED and returns its record. */
    private Instance created(String name) {
        send(create(name, false));
        Instance creating = last("default/" + name);
        mapAndVolume(creating);
        Instance stopped = last("default/" + name);
        drain();
        return stopped;
    }

    private Instance started(String name) {
        created(name);
        send(new ChangeInstanceState("default", name, "start", false, -1, false));
        Instance starting = last("default/" + name);
        ack(starting, "Running", null);
        Instance running = last("default/" + name);
        drain();
        return running;
    }

    @Test
    void createWaitsForMapAndVolumeThenAnswers() {
        Command<InstanceCommand> command = send(create("c1", false));
        TestRecord<String, Instance> record = instances.readRecord();
        Instance creating = record.value();
        assertThat(record.key()).isEqualTo("default/c1");
        assertThat(new String(record.headers().lastHeader(RecordHeaders.REVISION).value(), StandardCharsets.UTF_8))
                .isEqualTo(Long.toString(creating.revision()));
        assertThat(creating.status()).isEqualTo(InstanceStatus.CREATING);
        assertThat(creating.pending().action()).isEqualTo("create");
        assertThat(creating.host()).isEqualTo("node1");
        assertThat(creating.pool()).isEqualTo("default");
        assertThat(creating.source().fingerprint()).isEqualTo(FP);
        assertThat(creating.config()).containsEntry("volatile.base_image", FP)
                .containsEntry("volatile.uuid", creating.uuid()).containsEntry("volatile.last_state.power", "STOPPED")
                .containsEntry("image.os", "busybox").containsEntry("limits.cpu", "2");
        assertThat(creating.expandedDevices()).containsKey("root");
        assertThat(results.isEmpty()).isTrue();
        assertThat(lifecycle.isEmpty()).isTrue();

        mapAndVolume(creating);
        Instance stopped = last("default/c1");
        assertThat(stopped.status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(stopped.pending()).isNull();
        assertThat(stopped.rootPath()).isEqualTo("/pool/containers/" + creating.uuid());
        assertThat(stopped.config()).containsEntry("volatile.idmap.base", "1000000")
                .containsEntry("volatile.last_state.idmap", "[]");
        assertThat(stopped.config().get("volatile.idmap.next")).startsWith("[{\"Isuid\":true,\"Isgid\":false,"
                + "\"Hostid\":1000000,\"Nsid\":0,\"Maprange\":1000000000}");
        TestRecord<String, LifecycleEvent> event = lifecycle.readRecord();
        assertThat(event.key()).isEqualTo("/1.0/instances/c1?project=default");
        assertThat(event.value().seq()).isEqualTo(1);
        assertThat(event.value().data().action()).isEqualTo(Actions.INSTANCE_CREATED);
        assertThat(event.value().data().context()).isEqualTo(Map.of("storage-pool", "default", "type", "container"));
        Result result = results.readValue();
        assertThat(result.operationId()).isEqualTo(command.operationId());
        assertThat(result.success()).isTrue();
        assertThat(result.source()).isEqualTo("/1.0/instances/c1");
        assertThat(result.writes()).containsExactly(new StateWrite(Topics.INSTANCES.name(), "default/c1",
                stopped.revision()));
    }

    @Test
    void createRulesAnswerAtOnce() {
        send(new CreateInstance("default", "vm1", "virtual-machine", "", null, Map.of(), Map.of(), false,
                new InstanceSource("image", FP, null), false));
        assertThat(results.readValue().message()).isEqualTo("Virtual machines are not supported yet");
        send(new CreateInstance("default", "c1", "container", "", null, Map.of(), Map.of(), false,
                new InstanceSource("image", null, "nope"), false));
        Result noImage = results.readValue();
        assertThat(noImage.error()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(noImage.message()).isEqualTo("Image not found");
        send(new CreateInstance("default", "c1", "container", "", List.of(), Map.of(), Map.of(), false,
                new InstanceSource("image", FP.substring(0, 12), null), false));
        assertThat(results.readValue().message()).isEqualTo("No root device could be found");
        send(new CreateInstance("default", "c1", "container", "", List.of("nope"), Map.of(), Map.of(), false,
                new InstanceSource("image", FP, null), false));
        assertThat(results.readValue().message()).isEqualTo("Requested profile \"nope\" doesn't exist");
        send(new CreateInstance("default", "c1", "container", "", null, Map.of("limits.bogus", "1"), Map.of(), false,
                new InstanceSource("image", FP, null), false));
        assertThat(results.readValue().message()).isEqualTo("Invalid config: Unknown configuration key: limits.bogus");
        hosts.pipeInput("node1", null);
        send(create("c1", false));
        Result noHost = results.readValue();
        assertThat(noHost.error()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(instances.isEmpty()).isTrue();

        hosts.pipeInput("node1", new ExecutorHost("node1", "unix:/x", "/c", List.of(), List.of(), NOW));
        created("c1");
        send(create("c1", false));
        Result duplicate = results.readValue();
        assertThat(duplicate.error()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(duplicate.message()).isEqualTo("Instance \"c1\" already exists");
    }

    @Test
    void aMapErrorCleansUpAndFailsTheCreateWithNothingLeft() {
        Command<InstanceCommand> command = send(create("c1", false));
        Instance creating = last("default/c1");
        volumes.pipeInput("default/default/container/c1", new Volume("default", "default", "container", "c1",
                "filesystem", "", Map.of(), "node1", "/p", creating.uuid(), FP, "Created", null, 1, NOW));
        maps.pipeInput("default/c1", new IdMap("default", "c1", creating.uuid(), List.of(), 0, false,
                "root has no subuid range: add one to /etc/subuid", NOW, null));
        Instance deleting = last("default/c1");
        assertThat(deleting.status()).isEqualTo(InstanceStatus.DELETING);
        assertThat(results.isEmpty()).isTrue();

        maps.pipeInput("default/c1", null);
        assertThat(results.isEmpty()).isTrue();
        volumes.pipeInput("default/default/container/c1", null);
        TestRecord<String, Instance> tombstone = instances.readRecord();
        assertThat(tombstone.key()).isEqualTo("default/c1");
        assertThat(tombstone.value()).isNull();
        Result result = results.readValue();
        assertThat(result.operationId()).isEqualTo(command.operationId());
        assertThat(result.success()).isFalse();
        assertThat(result.message()).isEqualTo("root has no subuid range: add one to /etc/subuid");
        assertThat(result.writes()).hasSize(1);
        assertThat(lifecycle.isEmpty()).isTrue();

        send(create("c1", false));
        assertThat(last("default/c1").status()).isEqualTo(InstanceStatus.CREATING);
    }

    @Test
    void startIsAnsweredWhenTheHostAcknowledges() {
        created("c1");
        Command<InstanceCommand> start = send(new ChangeInstanceState("default", "c1", "start", false, -1, false));
        Instance starting = last("default/c1");
        assertThat(starting.power()).isEqualTo(PowerState.RUNNING);
        assertThat(starting.pending().operationId()).isEqualTo(start.operationId());
        assertThat(results.isEmpty()).isTrue();

        ack(starting, "Running", null);
        Instance running = last("default/c1");
        assertThat(running.status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(running.pending()).isNull();
        assertThat(running.lastUsedAt()).isEqualTo(NOW);
        assertThat(running.config()).containsEntry("volatile.last_state.power", "RUNNING")
                .containsKey("volatile.idmap.current").doesNotContainKey("volatile.apply_template");
        List<TestRecord<String, LifecycleEvent>> events = lifecycle.readRecordsToList();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).value().data().action()).isEqualTo(Actions.INSTANCE_STARTED);
        assertThat(events.get(0).value().data().requestor()).isEqualTo(ALICE);
        assertThat(events.get(0).value().seq()).isEqualTo(2);
        Result result = results.readValue();
        assertThat(result.operationId()).isEqualTo(start.operationId());
        assertThat(result.success()).isTrue();

        send(new ChangeInstanceState("default", "c1", "start", false, -1, false));
        assertThat(results.readValue().message()).isEqualTo("The instance is already running");
        runtime.pipeInput("default/c1", new InstanceRuntime("default", "c1", running.uuid(), "node1", "Running", 43,
                start.operationId(), null, "requested", MAP, NOW));
        assertThat(instances.isEmpty() && lifecycle.isEmpty() && results.isEmpty()).isTrue();
    }

    @Test
    void createWithStartContinuesAsAStartUnderTheSameOperation() {
        Command<InstanceCommand> command = send(create("c1", true));
        mapAndVolume(last("default/c1"));
        Instance starting = last("default/c1");
        assertThat(starting.status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(starting.pending().action()).isEqualTo("start");
        assertThat(actions()).containsExactly(Actions.INSTANCE_CREATED);
        assertThat(results.isEmpty()).isTrue();
        ack(starting, "Running", null);
        assertThat(actions()).containsExactly(Actions.INSTANCE_STARTED);
        Result result = results.readValue();
        assertThat(result.operationId()).isEqualTo(command.operationId());
        assertThat(result.success()).isTrue();
    }

    @Test
    void aFailedAcknowledgementFailsTheCommandAndKeepsTheRealStatus() {
        created("c1");
        send(new ChangeInstanceState("default", "c1", "start", false, -1, false));
        ack(last("default/c1"), "Stopped", "Failed to run: forkstart");
        Instance after = last("default/c1");
        assertThat(after.status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(after.power()).isEqualTo(PowerState.STOPPED);
        assertThat(after.pending()).isNull();
        Result result = results.readValue();
        assertThat(result.success()).isFalse();
        assertThat(result.message()).isEqualTo("Failed to run: forkstart");
        assertThat(lifecycle.isEmpty()).isTrue();
    }

    @Test
    void stopsFreezesAndRestartsEmitLxdsEvents() {
        started("c1");
        send(new ChangeInstanceState("default", "c1", "freeze", false, 0, false));
        ack(last("default/c1"), "Frozen", null);
        send(new ChangeInstanceState("default", "c1", "freeze", false, 0, false));
        send(new ChangeInstanceState("default", "c1", "unfreeze", false, 0, false));
        ack(last("default/c1"), "Running", null);
        send(new ChangeInstanceState("default", "c1", "restart", false, -1, false));
        ack(last("default/c1"), "Running", null);
        send(new ChangeInstanceState("default", "c1", "stop", false, -1, false));
        ack(last("default/c1"), "Stopped", null);
        send(new ChangeInstanceState("default", "c1", "stop", false, -1, false));
        send(new ChangeInstanceState("default", "c1", "start", false, -1, false));
        ack(last("default/c1"), "Running", null);
        send(new ChangeInstanceState("default", "c1", "stop", true, -1, false));
        ack(last("default/c1"), "Stopped", null);
        send(new ChangeInstanceState("default", "c1", "unfreeze", false, 0, false));
        send(new ChangeInstanceState("default", "c1", "start", false, -1, true));
        assertThat(actions()).containsExactly(Actions.INSTANCE_PAUSED, Actions.INSTANCE_RESUMED,
                Actions.INSTANCE_RESTARTED, Actions.INSTANCE_SHUTDOWN, Actions.INSTANCE_STARTED,
                Actions.INSTANCE_STOPPED);
        List<String> failures = results.readValuesToList().stream().filter(r -> !r.success())
                .map(Result::message).toList();
        assertThat(failures).containsExactly("The instance is already frozen", "The instance is already stopped",
                "The instance is not frozen", "Stateful stop/start is not supported");
    }

    @Test
    void aContainerThatExitsIsStoppedWithoutRequestor() {
        Instance running = started("c1");
        runtime.pipeInput("default/c1", new InstanceRuntime("default", "c1", running.uuid(), "node1", "Stopped", 0,
                "whatever", null, "exited", List.of(), NOW));
        Instance stopped = last("default/c1");
        assertThat(stopped.status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(stopped.power()).isEqualTo(PowerState.STOPPED);
        List<TestRecord<String, LifecycleEvent>> events = lifecycle.readRecordsToList();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).value().data().action()).isEqualTo(Actions.INSTANCE_STOPPED);
        assertThat(events.get(0).value().data().requestor()).isNull();
        assertThat(results.isEmpty()).isTrue();
    }

    @Test
    void updatingARunningInstanceWaitsForTheHost() {
        Instance running = started("c1");
        Map<String, String> config = new java.util.HashMap<>(running.config());
        config.put("limits.memory", "256MB");
        config.put("volatile.uuid", "forged");
        config.remove("volatile.base_image");
        Command<InstanceCommand> update = send(new io.lxbus.events.ReplaceInstance("default", "c1", "", List.of(
                "default"), config, Map.of(), false, running.revision()));
        Instance updating = last("default/c1");
        assertThat(updating.pending().action()).isEqualTo("update");
        assertThat(updating.expandedConfig()).containsEntry("limits.memory", "256MB");
        assertThat(updating.config()).containsEntry("volatile.uuid", running.uuid())
                .containsEntry("volatile.base_image", FP);
        assertThat(results.isEmpty()).isTrue();
        ack(updating, "Running", null);
        assertThat(actions()).containsExactly(Actions.INSTANCE_UPDATED);
        Result result = results.readValue();
        assertThat(result.operationId()).isEqualTo(update.operationId());
        assertThat(result.success()).isTrue();

        send(new PatchInstance("default", "c1", null, null, Map.of("limits.cpu", "3"), null, null,
                running.revision()));
        assertThat(results.readValue().error()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
    }

    @Test
    void updatingAStoppedInstanceIsImmediate() {
        created("c1");
        send(new PatchInstance("default", "c1", "hello", null, Map.of("user.k", "v"), null, null, null));
        Instance updated = last("default/c1");
        assertThat(updated.description()).isEqualTo("hello");
        assertThat(updated.expandedConfig()).containsEntry("user.k", "v").containsEntry("limits.cpu", "2");
        assertThat(actions()).containsExactly(Actions.INSTANCE_UPDATED);
        assertThat(results.readValue().success()).isTrue();
    }

    @Test
    void renameMovesTheRecordAndRefusesRunningInstances() {
        Instance stopped = created("c1");
        Command<InstanceCommand> rename = send(new RenameInstance("default", "c1", "c2"));
        List<TestRecord<String, Instance>> writes = instances.readRecordsToList();
        assertThat(writes).extracting(TestRecord::key).containsExactly("default/c1", "default/c2");
        assertThat(writes.get(0).value()).isNull();
        assertThat(writes.get(1).value().uuid()).isEqualTo(stopped.uuid());
        TestRecord<String, LifecycleEvent> event = lifecycle.readRecord();
        assertThat(event.key()).isEqualTo("/1.0/instances/c2?project=default");
        assertThat(event.value().data().context()).isEqualTo(Map.of("old_name", "c1"));
        Result result = results.readValue();
        assertThat(result.operationId()).isEqualTo(rename.operationId());
        assertThat(result.source()).isEqualTo("/1.0/instances/c2");

        started("c3");
        send(new RenameInstance("default", "c3", "c4"));
        assertThat(results.readValue().message()).isEqualTo("Renaming of running instance not allowed");
        send(new DeleteInstance("default", "c3"));
        assertThat(results.readValue().message()).isEqualTo("Instance is running");
        send(new DeleteInstance("default", "nope"));
        assertThat(results.readValue().message()).isEqualTo("Instance not found");
    }

    @Test
    void deleteEndsWithTheTombstoneOnceTheSideRecordsAreGone() {
        Instance stopped = started("c1");
        send(new ChangeInstanceState("default", "c1", "stop", true, -1, false));
        ack(last("default/c1"), "Stopped", null);
        drain();
        Command<InstanceCommand> delete = send(new DeleteInstance("default", "c1"));
        assertThat(last("default/c1").status()).isEqualTo(InstanceStatus.DELETING);
        send(new ChangeInstanceState("default", "c1", "start", false, -1, false));
        assertThat(results.readValue().message()).isEqualTo("Another operation is already running on this instance");
        runtime.pipeInput("default/c1", null);
        maps.pipeInput("default/c1", null);
        assertThat(instances.isEmpty() && results.isEmpty()).isTrue();
        volumes.pipeInput("default/default/container/c1", null);
        TestRecord<String, Instance> tombstone = instances.readRecord();
        assertThat(tombstone.value()).isNull();
        assertThat(actions()).containsExactly(Actions.INSTANCE_DELETED);
        Result result = results.readValue();
        assertThat(result.operationId()).isEqualTo(delete.operationId());
        assertThat(result.success()).isTrue();
        assertThat(result.writes()).extracting(StateWrite::key).containsExactly("default/c1");
        assertThat(stopped.uuid()).isNotNull();
    }

    @Test
    void aRepeatedCommandIdChangesNothing() {
        Command<InstanceCommand> first = send("cmd-1", create("c1", false));
        Instance creating = last("default/c1");
        send("cmd-1", create("c1", false));
        assertThat(instances.isEmpty() && results.isEmpty()).isTrue();
        mapAndVolume(creating);
        Result result = results.readValue();
        drain();
        send("cmd-1", create("c1", false));
        assertThat(results.readValue()).isEqualTo(result);
        assertThat(instances.isEmpty() && lifecycle.isEmpty()).isTrue();
        assertThat(result.operationId()).isEqualTo(first.operationId());
    }

    @Test
    void aProfileEditRecomputesTheInstancesUsingIt() {
        created("c1");
        Command<InstanceCommand> edit = send(new PatchProfile("default", "default", null,
                Map.of("limits.memory", "1GiB"), null, null));
        Instance updated = last("default/c1");
        assertThat(updated.expandedConfig()).containsEntry("limits.memory", "1GiB");
        assertThat(updated.config()).doesNotContainKey("limits.memory");
        Result result = results.readValue();
        assertThat(result.operationId()).isEqualTo(edit.operationId());
        assertThat(result.writes()).extracting(StateWrite::topic)
                .containsExactly(Topics.PROFILES.name(), Topics.INSTANCES.name());

        send(new CreateProfile("default", "extra", "", Map.of("user.x", "1"), Map.of()));
        send(new PatchInstance("default", "c1", null, List.of("default", "extra"), null, null, null, null));
        drain();
        send(new DeleteProfile("default", "extra"));
        assertThat(results.readValue().message()).isEqualTo("Profile is currently in use");
        send(new io.lxbus.events.RenameProfile("default", "extra", "more"));
        assertThat(last("default/c1").profiles()).containsExactly("default", "more");
    }

    @Test
    void stateRecordsArePartitionedByProject() {
        send(create("c1", false));
        TestRecord<String, Instance> record = instances.readRecord();
        int partitions = Topics.INSTANCES.partitions();
        assertThat(InstanceTopology.BY_PROJECT.partitions("t", record.key(), null, partitions))
                .contains(java.util.Set.of(ProjectPartitioner.partition("default", partitions)));
    }

    @Test
    void instanceRecordsTheIdmapServiceReadsAreCopiedIntoItsLedgersOnePartition() {
        TestOutputTopic<String, byte[]> ledger = driver.createOutputTopic(PREFIX + Topics.IDMAP_LEDGER_IN.name(),
                new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        ledger.readRecordsToList();
        created("c1");
        assertThat(ledger.readRecordsToList()).as("only the creating record: the map and the volume landing change"
                + " nothing the idmap service reads").extracting(TestRecord::key).containsExactly("default/c1");
        send(new PatchInstance("default", "c1", null, null, Map.of("user.k", "v"), null, null, null));
        drain();
        assertThat(ledger.readRecordsToList()).as("a config change no map depends on").isEmpty();
        send(new RenameInstance("default", "c1", "c2"));
        List<TestRecord<String, Instance>> renamed = instances.readRecordsToList();
        List<TestRecord<String, byte[]>> copies = ledger.readRecordsToList();
        assertThat(copies).extracting(TestRecord::key).containsExactly("default/c1", "default/c2");
        assertThat(copies.get(0).value()).as("the rename's tombstone").isNull();
        assertThat(JsonSerde.of(Instance.class).deserialize(null, copies.get(1).value()))
                .isEqualTo(renamed.get(1).value());
        assertThat(copies.get(1).headers().lastHeader(io.lxbus.events.RecordHeaders.REVISION)).isNotNull();
        send(new ChangeInstanceState("default", "c2", "start", false, -1, false));
        ack(last("default/c2"), "Running", null);
        drain();
        assertThat(ledger.readRecordsToList()).as("a start").isEmpty();
        send(new PatchInstance("default", "c2", null, null, Map.of("security.privileged", "true"), null, null, null));
        assertThat(ledger.readRecordsToList()).as("a map-relevant change").extracting(TestRecord::key)
                .containsExactly("default/c2");
        for (String project : List.of("default", "p1", "p2", "p3")) {
            assertThat(InstanceTopology.FIRST_PARTITION.partitions("t", project + "/c1", null, 1))
                    .contains(java.util.Set.of(0));
        }
    }

    @Test
    void dataFactsBecomeEventsOfTheInstanceWithItsNextSeqAndChangeNoRecord() {
        created("c1");
        Command<InstanceCommand> pushed = send(new io.lxbus.events.RecordInstanceAccess("default", "c1",
                Actions.INSTANCE_FILE_PUSHED, Map.of("path", "/root/f")));
        List<TestRecord<String, LifecycleEvent>> events = lifecycle.readRecordsToList();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).key()).isEqualTo("/1.0/instances/c1?project=default");
        assertThat(events.get(0).value().seq()).isEqualTo(2);
        assertThat(events.get(0).value().data().action()).isEqualTo(Actions.INSTANCE_FILE_PUSHED);
        assertThat(events.get(0).value().data().context()).containsEntry("path", "/root/f");
        assertThat(events.get(0).value().data().requestor()).isEqualTo(ALICE);
        Result result = results.readValue();
        assertThat(result.operationId()).isEqualTo(pushed.operationId());
        assertThat(result.success()).isTrue();
        assertThat(result.writes()).isEmpty();
        assertThat(instances.isEmpty()).isTrue();

        send(new io.lxbus.events.RecordInstanceAccess("default", "c1", Actions.INSTANCE_CREATED, Map.of()));
        assertThat(results.readValue().error()).isEqualTo(ErrorCode.BAD_REQUEST);
        send(new io.lxbus.events.RecordInstanceAccess("default", "nope", Actions.INSTANCE_FILE_DELETED, Map.of()));
        assertThat(results.readValue().error()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(lifecycle.isEmpty() && instances.isEmpty()).isTrue();
    }

    @Test
    void hostFactsBecomeEventsStampedWithTheMomentOnTheHost() {
        Instance c1 = created("c1");
        drain();
        TestInputTopic<String, io.lxbus.events.HostFact> facts = input(Topics.FACTS,
                JsonSerde.of(io.lxbus.events.HostFact.class));
        Instant started = NOW.minusMillis(250);
        facts.pipeInput("default/c1", new io.lxbus.events.HostFact("f1", "default", "c1", c1.uuid(), "node1",
                Actions.INSTANCE_EXEC, Map.of("command", List.of("true")), ALICE, "op-x", started));
        List<TestRecord<String, LifecycleEvent>> events = lifecycle.readRecordsToList();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).value().data().action()).isEqualTo(Actions.INSTANCE_EXEC);
        assertThat(events.get(0).value().time()).isEqualTo(started);

        facts.pipeInput("default/c1", new io.lxbus.events.HostFact("f2", "default", "c1", "another-uuid", "node1",
                Actions.INSTANCE_EXEC, Map.of(), ALICE, "op-y", started));
        assertThat(lifecycle.isEmpty()).isTrue();
    }

    private void volumeOnly(Instance instance) {
        volumes.pipeInput("default/default/container/" + instance.name(), new Volume("default", "default",
                "container", instance.name(), "filesystem", "", Map.of(), "node1", "/pool/containers/" + instance.uuid(),
                instance.uuid(), FP, "Created", null, 1, NOW));
    }

    @Test
    void withTheSharedMapKnownACreateOfASharingInstanceNeedsOnlyItsVolume() {
        TestInputTopic<String, io.lxbus.events.SharedIdmap> shared = input(Topics.IDMAP_SHARED,
                JsonSerde.of(io.lxbus.events.SharedIdmap.class));
        shared.pipeInput(io.lxbus.events.SharedIdmap.KEY, new io.lxbus.events.SharedIdmap(MAP, 0, null, NOW));
        send(create("c1", false));
        Instance creating = last("default/c1");
        volumeOnly(creating);
        Instance stopped = last("default/c1");
        assertThat(stopped.status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(stopped.config()).containsEntry("volatile.idmap.base", "0");
        assertThat(stopped.config().get("volatile.idmap.next")).startsWith("[{\"Isuid\":true,\"Isgid\":false,"
                + "\"Hostid\":1000000,\"Nsid\":0,\"Maprange\":1000000000}");
        assertThat(results.readValue().success()).isTrue();
        drain();
        // The instance's own record, the same map, changes nothing when it comes.
        maps.pipeInput("default/c1", new IdMap("default", "c1", creating.uuid(), MAP, 0, false, null, NOW, null));
        assertThat(instances.isEmpty()).isTrue();

        // A privileged instance has no map at all; an isolated one still waits for its own.
        send(new CreateInstance("default", "p1", "container", "", null, Map.of("security.privileged", "true"),
                Map.of(), false, new InstanceSource("image", null, "bb"), false));
        volumeOnly(last("default/p1"));
        Instance privileged = last("default/p1");
        assertThat(privileged.status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(privileged.config()).containsEntry("volatile.idmap.next", "[]");
        send(new CreateInstance("default", "i1", "container", "", null, Map.of("security.idmap.isolated", "true"),
                Map.of(), false, new InstanceSource("image", null, "bb"), false));
        Instance isolated = last("default/i1");
        volumeOnly(isolated);
        assertThat(instances.isEmpty()).isTrue();
        mapAndVolume(isolated);
        assertThat(last("default/i1").status()).isEqualTo(InstanceStatus.STOPPED);

        // A shared map in error is no shortcut: the instance's own map (with the error) decides.
        shared.pipeInput(io.lxbus.events.SharedIdmap.KEY, new io.lxbus.events.SharedIdmap(List.of(), 0, "no ids", NOW));
        send(create("c2", false));
        volumeOnly(last("default/c2"));
        assertThat(instances.isEmpty()).isTrue();
    }
}
