package io.lxbus.instance.messaging;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lxbus.events.ChangeInstanceState;
import io.lxbus.events.Command;
import io.lxbus.events.CreateInstance;
import io.lxbus.events.CreateProfile;
import io.lxbus.events.CreateSnapshot;
import io.lxbus.events.DeleteInstance;
import io.lxbus.events.ErrorCode;
import io.lxbus.events.ExecutorHost;
import io.lxbus.events.IdMap;
import io.lxbus.events.IdmapEntry;
import io.lxbus.events.Image;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceCommand;
import io.lxbus.events.InstanceRuntime;
import io.lxbus.events.InstanceSource;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.LifecycleEvent;
import io.lxbus.events.PatchInstance;
import io.lxbus.events.PowerState;
import io.lxbus.events.RenameInstance;
import io.lxbus.events.RenameSnapshot;
import io.lxbus.events.Requestor;
import io.lxbus.events.RestoreSnapshot;
import io.lxbus.events.Result;
import io.lxbus.events.Snapshot;
import io.lxbus.events.StoragePool;
import io.lxbus.events.Topics;
import io.lxbus.events.Volume;
import io.lxbus.events.wire.JsonSerde;
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

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Snapshots, restore and copy through the topology, with the storage and executor records piped in by hand. */
class SnapshotChoreographyTest {
    private static final String PREFIX = "t3.";
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final String FP = "e32e0f0c1b2a3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccd";
    private static final List<IdmapEntry> MAP = List.of(new IdmapEntry(true, true, 1000000, 0, 65536));

    private final MovableClock clock = new MovableClock(NOW);
    private TopologyTestDriver driver;
    private TestInputTopic<String, Command<InstanceCommand>> commands;
    private TestInputTopic<String, IdMap> maps;
    private TestInputTopic<String, Volume> volumes;
    private TestInputTopic<String, InstanceRuntime> runtime;
    private TestOutputTopic<String, Instance> instances;
    private TestOutputTopic<String, Snapshot> snapshots;
    private TestOutputTopic<String, LifecycleEvent> lifecycle;
    private TestOutputTopic<String, Result> results;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "snapshot-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(InstanceTopology.build(PREFIX, false, clock, Duration.ofDays(7)), props);
        commands = input(Topics.INSTANCE_COMMANDS, JsonSerde.of(new TypeReference<Command<InstanceCommand>>() { }));
        maps = input(Topics.IDMAPS, JsonSerde.of(IdMap.class));
        volumes = input(Topics.VOLUMES, JsonSerde.of(Volume.class));
        runtime = input(Topics.RUNTIME, JsonSerde.of(InstanceRuntime.class));
        instances = output(Topics.INSTANCES, Instance.class);
        snapshots = output(Topics.SNAPSHOTS, Snapshot.class);
        lifecycle = output(Topics.LIFECYCLE, LifecycleEvent.class);
        results = output(Topics.RESULTS, Result.class);
        send(new CreateProfile("default", "default", "", Map.of(),
                Map.of("root", Map.of("path", "/", "pool", "default", "type", "disk"))));
        input(Topics.POOLS, JsonSerde.of(StoragePool.class)).pipeInput("default",
                new StoragePool("default", "dir", "", Map.of("source", "/x"), "Created", 1, NOW));
        input(Topics.HOSTS, JsonSerde.of(ExecutorHost.class)).pipeInput("node1",
                new ExecutorHost("node1", "unix:/x", "/c", List.of("x86_64"), List.of("lxc"), NOW));
        input(Topics.IMAGES, JsonSerde.of(Image.class)).pipeInput("default/" + FP, new Image("default", FP,
                "container", "bb.tar.gz", 1000, "x86_64", Map.of(), false, false, List.of("default"), NOW, NOW,
                null, 1));
        drain();
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void takingASnapshotWaitsForItsVolumeThenAnswers() {
        Instance c1 = created("c1");
        Command<InstanceCommand> take = send(new CreateSnapshot("default", "c1", "", false, null));
        Snapshot creating = lastSnapshot("default/c1/snap0");
        assertThat(creating.status()).isEqualTo(Snapshot.CREATING);
        assertThat(creating.instanceUuid()).isEqualTo(c1.uuid());
        assertThat(lastInstance("default/c1").pending().action()).isEqualTo("snapshot");
        assertThat(results.isEmpty()).isTrue();
        send(new CreateSnapshot("default", "c1", "other", false, null));
        assertThat(results.readValue().error()).isEqualTo(ErrorCode.CONFLICT);

        snapshotVolume(creating, "Created");
        assertThat(lastSnapshot("default/c1/snap0").status()).isEqualTo(Snapshot.CREATED);
        assertThat(lastInstance("default/c1").pending()).isNull();
        TestRecord<String, LifecycleEvent> event = lifecycle.readRecord();
        assertThat(event.key()).isEqualTo("/1.0/instances/c1/snapshots/snap0?project=default");
        assertThat(event.value().seq()).isEqualTo(1);
        assertThat(event.value().data().action()).isEqualTo("instance-snapshot-created");
        Result result = results.readValue();
        assertThat(result.operationId()).isEqualTo(take.operationId());
        assertThat(result.success()).isTrue();

        send(new CreateSnapshot("default", "c1", "", false, null));
        assertThat(lastSnapshot("default/c1/snap1").name()).isEqualTo("snap1");
        send(new CreateSnapshot("default", "c1", "a/b", false, null));
        assertThat(results.readValue().error()).isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void badSnapshotCommandsChangeNothing() {
        Instance c1 = created("c1");
        snapshotOf(c1, "s1");
        send(new CreateSnapshot("default", "c1", "a/b", false, null));
        assertThat(results.readValue().message()).isEqualTo("Snapshot names may not contain slashes");
        send(new CreateSnapshot("default", "c1", "s1", false, null));
        assertThat(results.readValue().message()).isEqualTo("Snapshot \"c1/s1\" already exists");
        send(new CreateSnapshot("default", "c1", "s2", true, null));
        assertThat(results.readValue().message()).isEqualTo("Stateful snapshots are not supported");
        send(new RestoreSnapshot("default", "c1", "missing"));
        assertThat(results.readValue().error()).isEqualTo(ErrorCode.NOT_FOUND);
        send(new CreateInstance("default", "c1", "container", "", null, Map.of(), Map.of(), false,
                new InstanceSource("copy", null, null, "c1/s1", null, false), false));
        assertThat(results.readValue().error()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(instances.isEmpty()).isTrue();
        assertThat(snapshots.isEmpty()).isTrue();
        assertThat(lifecycle.isEmpty()).isTrue();
    }

    @Test
    void restoringARunningInstanceStopsRestoresAndStartsIt() {
        Instance c1 = created("c1");
        snapshotOf(c1, "s1");
        send(new PatchInstance("default", "c1", null, null, Map.of("user.x", "1"), null, null, null));
        send(new ChangeInstanceState("default", "c1", "start", false, -1, false));
        ack(lastInstance("default/c1"), "Running");
        drain();

        Command<InstanceCommand> restore = send(new RestoreSnapshot("default", "c1", "s1"));
        Instance stopping = lastInstance("default/c1");
        assertThat(stopping.pending().action()).isEqualTo("stop");
        assertThat(stopping.pending().force()).isTrue();
        ack(stopping, "Stopped");
        Instance restoring = lastInstance("default/c1");
        assertThat(restoring.pending().action()).isEqualTo("restore");
        assertThat(restoring.pending().snapshot()).isNotNull();
        assertThat(lifecycle.isEmpty()).isTrue();

        Volume root = rootVolume(c1, restore.operationId());
        volumes.pipeInput("default/default/container/c1", root);
        Instance starting = lastInstance("default/c1");
        assertThat(starting.pending().action()).isEqualTo("start");
        assertThat(starting.config()).doesNotContainKey("user.x");
        assertThat(results.isEmpty()).isTrue();

        ack(starting, "Running");
        assertThat(lastInstance("default/c1").status()).isEqualTo(InstanceStatus.RUNNING);
        List<LifecycleEvent> events = lifecycle.readValuesToList();
        assertThat(events.stream().map(e -> e.data().action()).toList())
                .containsExactly("instance-started", "instance-restored");
        assertThat(events.get(1).time()).as("a reader ordering by time sees LXD's order").isAfter(events.get(0).time());
        assertThat(events.get(1).seq()).isEqualTo(events.get(0).seq() + 1);
        Result result = results.readValue();
        assertThat(result.operationId()).isEqualTo(restore.operationId());
        assertThat(result.success()).isTrue();
    }

    @Test
    void expiryComesFromSnapshotsExpiryUnlessTheRequestSaysOtherwise() {
        created("c1");
        send(new PatchInstance("default", "c1", null, null, Map.of("snapshots.expiry", "1x"), null, null, null));
        assertThat(results.readValue().message())
                .isEqualTo("Invalid value for config key \"snapshots.expiry\": Invalid expiry expression");
        assertThat(instances.isEmpty()).isTrue();
        send(new PatchInstance("default", "c1", null, null, Map.of("snapshots.expiry", "1d 2H"), null, null, null));
        drain();

        assertThat(taken("c1", new CreateSnapshot("default", "c1", "s1", false, null)).expiresAt())
                .isEqualTo(NOW.plus(Duration.ofHours(26)));
        assertThat(taken("c1", new CreateSnapshot("default", "c1", "s2", false, null, true)).expiresAt()).isNull();
        Instant chosen = Instant.parse("2030-01-01T00:00:00Z");
        assertThat(taken("c1", new CreateSnapshot("default", "c1", "s3", false, chosen)).expiresAt())
                .isEqualTo(chosen);
    }

    @Test
    void expiredSnapshotsAreDeletedThroughTheUsualDeleteOnTheNextCheck() {
        created("c1");
        Snapshot due = taken("c1", new CreateSnapshot("default", "c1", "old", false, NOW));
        taken("c1", new CreateSnapshot("default", "c1", "later", false, NOW.plusSeconds(3600)));
        taken("c1", new CreateSnapshot("default", "c1", "kept", false, null));

        driver.advanceWallClockTime(Duration.ofMinutes(1));
        Snapshot deleting = lastSnapshot("default/c1/old");
        assertThat(deleting.status()).isEqualTo(Snapshot.DELETING);
        assertThat(lastInstance("default/c1").pending().action()).isEqualTo("snapshot-delete");
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertThat(snapshots.isEmpty()).isTrue();

        volumes.pipeInput("default/default/container/" + due.fullName(), null);
        List<TestRecord<String, Snapshot>> gone = snapshots.readRecordsToList();
        assertThat(gone).hasSize(1);
        assertThat(gone.get(0).value()).isNull();
        LifecycleEvent event = lifecycle.readValue();
        assertThat(event.data().action()).isEqualTo("instance-snapshot-deleted");
        assertThat(event.source()).isEqualTo("/1.0/instances/c1/snapshots/old");
        assertThat(lastInstance("default/c1").pending()).isNull();
        assertThat(results.isEmpty()).isTrue();
    }

    @Test
    void aSnapshotOfARunningInstanceOnDirFreezesItForTheCopy() {
        Instance c1 = running("c1");
        Command<InstanceCommand> take = send(new CreateSnapshot("default", "c1", "s1", false, null));
        Instance freezing = lastInstance("default/c1");
        assertThat(freezing.pending().action()).isEqualTo("freeze");
        assertThat(freezing.power()).isEqualTo(PowerState.FROZEN);
        assertThat(lastSnapshot("default/c1/s1").status()).isEqualTo(Snapshot.FREEZING);

        ack(freezing, "Frozen");
        assertThat(lastInstance("default/c1").pending().action()).isEqualTo("snapshot");
        Snapshot copying = lastSnapshot("default/c1/s1");
        assertThat(copying.status()).isEqualTo(Snapshot.CREATING);
        snapshotVolume(copying, "Created");
        Instance thawing = lastInstance("default/c1");
        assertThat(thawing.pending().action()).isEqualTo("unfreeze");
        assertThat(thawing.power()).isEqualTo(PowerState.RUNNING);
        assertThat(results.isEmpty()).isTrue();

        ack(thawing, "Running");
        Instance after = lastInstance("default/c1");
        assertThat(after.status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(after.pending()).isNull();
        assertThat(lastSnapshot("default/c1/s1").status()).isEqualTo(Snapshot.CREATED);
        assertThat(lifecycle.readRecordsToList().stream().map(r -> r.value().data().action()).toList())
                .containsExactly("instance-paused", "instance-snapshot-created", "instance-resumed");
        Result result = results.readValue();
        assertThat(result.operationId()).isEqualTo(take.operationId());
        assertThat(result.success()).isTrue();
        assertThat(c1.uuid()).isEqualTo(after.uuid());
    }

    @Test
    void aFailedCopyOrFreezeNeverLeavesTheInstanceFrozen() {
        running("c1");
        send(new CreateSnapshot("default", "c1", "s1", false, null));
        ack(lastInstance("default/c1"), "Frozen");
        snapshotVolume(lastSnapshot("default/c1/s1"), "Error");
        Instance thawing = lastInstance("default/c1");
        assertThat(thawing.pending().action()).isEqualTo("unfreeze");
        assertThat(results.isEmpty()).isTrue();
        ack(thawing, "Running");
        assertThat(lastInstance("default/c1").status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(lastSnapshot("default/c1/s1")).isNull();
        assertThat(results.readValue().success()).isFalse();
        assertThat(lifecycle.readRecordsToList().stream().map(r -> r.value().data().action()).toList())
                .containsExactly("instance-paused", "instance-resumed");

        send(new CreateSnapshot("default", "c1", "s2", false, null));
        Instance freezing = lastInstance("default/c1");
        runtime.pipeInput("default/c1", new InstanceRuntime("default", "c1", freezing.uuid(), "node1", "Running",
                42, freezing.pending().operationId(), "cgroup freezer missing", "requested", MAP, NOW));
        Instance back = lastInstance("default/c1");
        assertThat(back.pending()).isNull();
        assertThat(back.power()).isEqualTo(PowerState.RUNNING);
        assertThat(lastSnapshot("default/c1/s2")).isNull();
        assertThat(results.readValue().message())
                .isEqualTo("Freezing the instance for the snapshot failed: cgroup freezer missing");
        assertThat(lifecycle.isEmpty()).isTrue();
    }

    @Test
    void aCopyBringsSnapshotsAndDeleteRemovesThem() {
        Instance c1 = created("c1");
        Snapshot s1 = snapshotOf(c1, "s1");
        send(new RenameSnapshot("default", "c1", "s1", "kept"));
        assertThat(lifecycle.readValue().source()).isEqualTo("/1.0/instances/c1/snapshots/kept");
        drain();
        send(new CreateInstance("default", "c2", "container", "", null, Map.of(), Map.of(), false,
                new InstanceSource("copy", null, null, "c1", null, false), false));
        Instance c2 = lastInstance("default/c2");
        assertThat(c2.source().copyOf()).isEqualTo(c1.uuid());
        assertThat(c2.config()).doesNotContainKey("volatile.idmap.next").containsEntry("volatile.base_image", FP);
        Snapshot copied = lastSnapshot("default/c2/kept");
        assertThat(copied.copyOf()).isEqualTo(s1.uuid());
        mapAndVolume(c2);
        assertThat(results.isEmpty()).isTrue();
        snapshotVolume(copied, "Created");
        assertThat(lastInstance("default/c2").status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(lastSnapshot("default/c2/kept").status()).isEqualTo(Snapshot.CREATED);
        assertThat(results.readValue().success()).isTrue();
        drain();

        send(new DeleteInstance("default", "c2"));
        Instance deleting = lastInstance("default/c2");
        maps.pipeInput("default/c2", null);
        volumes.pipeInput("default/default/container/c2", null);
        assertThat(results.isEmpty()).isTrue();
        volumes.pipeInput("default/default/container/c2/kept", null);
        List<TestRecord<String, Snapshot>> gone = snapshots.readRecordsToList();
        assertThat(gone.get(gone.size() - 1).value()).isNull();
        assertThat(lifecycle.readRecordsToList().stream().map(r -> r.value().data().action()).toList())
                .containsExactly("instance-snapshot-deleted", "instance-deleted");
        assertThat(deleting.status()).isEqualTo(InstanceStatus.DELETING);
        assertThat(results.readValue().success()).isTrue();
    }

    @Test
    void aScheduleTakesOneSnapshotPerMinuteThroughTheUsualCreate() {
        Instance c1 = created("c1");
        send(new PatchInstance("default", "c1", null, null, Map.of("snapshots.schedule", "* 25 * * *"), null, null,
                null));
        assertThat(results.readValue().message()).isEqualTo("Invalid value for config key \"snapshots.schedule\": "
                + "Error parsing schedule: end of range (25) above maximum (23): 25");
        assertThat(instances.isEmpty()).isTrue();
        send(new PatchInstance("default", "c1", null, null, Map.of("snapshots.schedule", "* * * * *",
                "snapshots.pattern", "auto-%d", "snapshots.expiry", "1d"), null, null, null));
        drain();
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertThat(snapshots.isEmpty()).as("a stopped instance is not snapshotted by default").isTrue();
        send(new PatchInstance("default", "c1", null, null, Map.of("snapshots.schedule.stopped", "true"), null, null,
                null));
        drain();

        driver.advanceWallClockTime(Duration.ofMinutes(1));
        Snapshot first = lastSnapshot("default/c1/auto-0");
        assertThat(first.status()).isEqualTo(Snapshot.CREATING);
        assertThat(first.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(1)));
        assertThat(lastInstance("default/c1").pending().commandId()).startsWith("internal:snapshot-schedule:");
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertThat(snapshots.isEmpty()).as("in flight: not taken twice").isTrue();
        snapshotVolume(first, "Created");
        assertThat(lastSnapshot("default/c1/auto-0").status()).isEqualTo(Snapshot.CREATED);
        LifecycleEvent event = lifecycle.readValue();
        assertThat(event.data().action()).isEqualTo("instance-snapshot-created");
        assertThat(event.data().requestor()).isNull();
        assertThat(results.isEmpty()).isTrue();
        drain();

        clock.set(NOW.plusSeconds(59));
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertThat(snapshots.isEmpty()).as("the same scheduled minute: nothing more").isTrue();
        clock.set(NOW.plusSeconds(60));
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        Snapshot second = lastSnapshot("default/c1/auto-1");
        assertThat(second.instanceUuid()).isEqualTo(c1.uuid());
        var counters = driver.<String, Long>getKeyValueStore(StoreNames.COUNTERS);
        String mark = "schedule/default/" + c1.uuid();
        assertThat(counters.get(mark)).isNotNull();

        snapshotVolume(second, "Created");
        send(new RenameInstance("default", "c1", "c9"));
        drain();
        assertThat(counters.get(mark)).as("a rename keeps the uuid's mark").isNotNull();
        send(new DeleteInstance("default", "c9"));
        for (String name : List.of("c1", "c9")) {
            maps.pipeInput("default/" + name, null);
            for (String volume : List.of(name, name + "/auto-0", name + "/auto-1")) {
                volumes.pipeInput("default/default/container/" + volume, null);
            }
        }
        assertThat(instances.readRecordsToList().stream().reduce((a, b) -> b).orElseThrow().value()).isNull();
        assertThat(counters.get(mark)).as("the deleted instance's mark goes with it").isNull();
    }

    @Test
    void aCopyOfARunningInstanceOnDirFreezesItsSourceUntilTheCopyIsMade() {
        input(Topics.POOLS, JsonSerde.of(StoragePool.class)).pipeInput("default",
                new StoragePool("default", "dir", "", Map.of("source", "/x"), "Created", 2, NOW, true));
        Instance c1 = created("c1");
        snapshotOf(c1, "s1");
        send(new ChangeInstanceState("default", "c1", "start", false, -1, false));
        ack(lastInstance("default/c1"), "Running");
        drain();
        Command<InstanceCommand> copy = send(copyOf("c1", "c2"));
        List<TestRecord<String, Instance>> written = instances.readRecordsToList();
        assertThat(written).extracting(TestRecord::key).containsExactly("default/c1", "default/c2");
        Instance freezing = written.get(0).value();
        assertThat(freezing.pending().action()).isEqualTo("freeze");
        assertThat(freezing.power()).isEqualTo(PowerState.FROZEN);
        Instance c2 = written.get(1).value();
        Snapshot copied = lastSnapshot("default/c2/s1");
        send(new ChangeInstanceState("default", "c1", "stop", true, -1, false));
        assertThat(results.readValue().error()).isEqualTo(ErrorCode.CONFLICT);

        ack(freezing, "Frozen");
        Instance frozen = lastInstance("default/c1");
        assertThat(frozen.status()).isEqualTo(InstanceStatus.FROZEN);
        mapAndVolume(c2);
        snapshotVolume(copied, "Created");
        List<TestRecord<String, Instance>> made = instances.readRecordsToList();
        Instance stopped = made.stream().filter(r -> r.key().equals("default/c2")).reduce((a, b) -> b).orElseThrow()
                .value();
        assertThat(stopped.status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(stopped.pending()).as("its answer waits for the thaw").isNotNull();
        Instance thawing = made.get(made.size() - 1).value();
        assertThat(thawing.name()).isEqualTo("c1");
        assertThat(thawing.pending().action()).isEqualTo("unfreeze");
        assertThat(results.isEmpty()).isTrue();

        ack(thawing, "Running");
        List<TestRecord<String, Instance>> after = instances.readRecordsToList();
        assertThat(after).extracting(r -> r.value().name() + ":" + r.value().status() + ":"
                + (r.value().pending() == null)).containsExactly("c1:RUNNING:true", "c2:STOPPED:true");
        assertThat(lifecycle.readRecordsToList()).extracting(r -> r.value().source() + " "
                + r.value().data().action()).containsExactly("/1.0/instances/c1 instance-paused",
                "/1.0/instances/c2 instance-created", "/1.0/instances/c1 instance-resumed");
        Result result = results.readValue();
        assertThat(result.operationId()).isEqualTo(copy.operationId());
        assertThat(result.success()).isTrue();
    }

    @Test
    void aCopyThatFailsStillThawsItsSourceAndAFrozenSourceStaysFrozen() {
        Instance c1 = running("c1");
        send(copyOf("c1", "c2"));
        List<TestRecord<String, Instance>> asked = instances.readRecordsToList();
        Instance c2 = asked.get(1).value();
        ack(asked.get(0).value(), "Frozen");
        maps.pipeInput("default/c2", new IdMap("default", "c2", c2.uuid(), MAP, 1000000, false, null, NOW));
        volumes.pipeInput("default/default/container/c2", new Volume("default", "default", "container", "c2",
                "filesystem", "", Map.of(), "node1", null, c2.uuid(), FP, "Error", "cp: disk full", 1, NOW, null,
                null));
        Instance thawing = lastInstanceOf("c1");
        assertThat(thawing.pending().action()).isEqualTo("unfreeze");
        maps.pipeInput("default/c2", null);
        volumes.pipeInput("default/default/container/c2", null);
        assertThat(results.isEmpty()).as("the failed copy is answered once its source runs again").isTrue();
        ack(thawing, "Running");
        List<TestRecord<String, Instance>> last = instances.readRecordsToList();
        assertThat(last).extracting(TestRecord::key).containsExactly("default/c1", "default/c2");
        assertThat(last.get(0).value().status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(last.get(1).value()).isNull();
        assertThat(results.readValue().message()).isEqualTo("cp: disk full");
        assertThat(lifecycle.readRecordsToList()).extracting(r -> r.value().data().action())
                .containsExactly("instance-paused", "instance-resumed");

        send(copyOf("c1", "c3"));
        List<TestRecord<String, Instance>> third = instances.readRecordsToList();
        Instance freezing = third.get(0).value();
        Instance c3 = third.get(1).value();
        maps.pipeInput("default/c3", new IdMap("default", "c3", c3.uuid(), MAP, 1000000, false, null, NOW));
        runtime.pipeInput("default/c1", new InstanceRuntime("default", "c1", c1.uuid(), "node1", "Running", 42,
                freezing.pending().operationId(), "cgroup freezer missing", "requested", MAP, NOW));
        List<TestRecord<String, Instance>> written = instances.readRecordsToList();
        assertThat(written).extracting(r -> r.value().name() + ":" + r.value().status())
                .containsExactly("c3:DELETING", "c1:RUNNING");
        assertThat(written.get(1).value().power()).isEqualTo(PowerState.RUNNING);
        maps.pipeInput("default/c3", null);
        assertThat(results.readValue().message())
                .isEqualTo("Freezing the source instance for the copy failed: cgroup freezer missing");
        drain();

        send(new ChangeInstanceState("default", "c1", "freeze", false, -1, false));
        ack(lastInstanceOf("c1"), "Frozen");
        drain();
        send(copyOf("c1", "c4"));
        assertThat(instances.readRecordsToList()).extracting(TestRecord::key).containsExactly("default/c4");
    }

    private Instance lastInstanceOf(String name) {
        return instances.readRecordsToList().stream().filter(r -> r.key().equals("default/" + name))
                .reduce((a, b) -> b).orElseThrow().value();
    }

    private static CreateInstance copyOf(String source, String name) {
        return new CreateInstance("default", name, "container", "", null, Map.of(), Map.of(), false,
                new InstanceSource("copy", null, null, source, null, false), false);
    }

    private Instance created(String name) {
        send(new CreateInstance("default", name, "container", "", null, Map.of(), Map.of(), false,
                new InstanceSource("image", FP, null), false));
        mapAndVolume(lastInstance("default/" + name));
        Instance stopped = lastInstance("default/" + name);
        drain();
        return stopped;
    }

    /** An instance started on a pool whose driver freezes running instances for copies (dir). */
    private Instance running(String name) {
        input(Topics.POOLS, JsonSerde.of(StoragePool.class)).pipeInput("default",
                new StoragePool("default", "dir", "", Map.of("source", "/x"), "Created", 2, NOW, true));
        created(name);
        send(new ChangeInstanceState("default", name, "start", false, -1, false));
        ack(lastInstance("default/" + name), "Running");
        Instance started = lastInstance("default/" + name);
        drain();
        return started;
    }

    /** The snapshot {@code take} makes, once its volume is there. */
    private Snapshot taken(String instance, CreateSnapshot take) {
        send(take);
        snapshotVolume(lastSnapshot("default/" + instance + "/" + take.name()), "Created");
        Snapshot done = lastSnapshot("default/" + instance + "/" + take.name());
        drain();
        return done;
    }

    private Snapshot snapshotOf(Instance instance, String name) {
        return taken(instance.name(), new CreateSnapshot("default", instance.name(), name, false, null));
    }

    private void mapAndVolume(Instance instance) {
        maps.pipeInput("default/" + instance.name(), new IdMap("default", instance.name(), instance.uuid(), MAP,
                1000000, false, null, NOW));
        volumes.pipeInput("default/default/container/" + instance.name(), rootVolume(instance, null));
    }

    private Volume rootVolume(Instance instance, String lastOperationId) {
        return new Volume("default", "default", "container", instance.name(), "filesystem", "", Map.of(), "node1",
                "/pool/containers/" + instance.uuid(), instance.uuid(), FP, "Created", null, 1, NOW, null,
                lastOperationId);
    }

    private void snapshotVolume(Snapshot snapshot, String status) {
        volumes.pipeInput("default/default/container/" + snapshot.fullName(), new Volume("default", "default",
                "container", snapshot.fullName(), "filesystem", "", Map.of(), "node1", "/s/" + snapshot.uuid(),
                snapshot.instanceUuid(), FP, status, null, 1, NOW, snapshot.uuid(), null));
    }

    private void ack(Instance instance, String status) {
        runtime.pipeInput("default/" + instance.name(), new InstanceRuntime("default", instance.name(),
                instance.uuid(), "node1", status, status.equals("Running") ? 42 : 0, instance.pending().operationId(),
                null, "requested", MAP, NOW));
    }

    private Instance lastInstance(String key) {
        List<TestRecord<String, Instance>> all = instances.readRecordsToList();
        assertThat(all).isNotEmpty();
        assertThat(all.get(all.size() - 1).key()).isEqualTo(key);
        return all.get(all.size() - 1).value();
    }

    private Snapshot lastSnapshot(String key) {
        List<TestRecord<String, Snapshot>> all = snapshots.readRecordsToList();
        assertThat(all).isNotEmpty();
        assertThat(all.get(all.size() - 1).key()).isEqualTo(key);
        return all.get(all.size() - 1).value();
    }

    private void drain() {
        instances.readRecordsToList();
        snapshots.readRecordsToList();
        lifecycle.readRecordsToList();
        results.readRecordsToList();
    }

    private Command<InstanceCommand> send(InstanceCommand body) {
        String id = UUID.randomUUID().toString();
        Command<InstanceCommand> command = new Command<>(id, "op-" + id, new Requestor("alice", "unix", "@"), NOW,
                body);
        commands.pipeInput(body.project(), command);
        return command;
    }

    private <T> TestInputTopic<String, T> input(io.lxbus.events.TopicSpec topic, JsonSerde<T> serde) {
        return driver.createInputTopic(PREFIX + topic.name(), new StringSerializer(), serde);
    }

    private <T> TestOutputTopic<String, T> output(io.lxbus.events.TopicSpec topic, Class<T> type) {
        return driver.createOutputTopic(PREFIX + topic.name(), new StringDeserializer(), JsonSerde.of(type));
    }
}
