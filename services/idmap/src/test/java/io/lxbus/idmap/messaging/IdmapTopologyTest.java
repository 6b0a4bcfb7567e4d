package io.lxbus.idmap.messaging;

import io.lxbus.events.IdMap;
import io.lxbus.events.IdmapEntry;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.PendingAction;
import io.lxbus.events.PowerState;
import io.lxbus.events.RecordHeaders;
import io.lxbus.events.SharedIdmap;
import io.lxbus.events.Topics;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.idmap.domain.IdRange;
import io.lxbus.idmap.domain.IdRanges;
import io.lxbus.idmap.domain.MapPlanner;
import io.lxbus.idmap.domain.RootAllocation;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class IdmapTopologyTest {
    private static final String PREFIX = "t1.";
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final RootAllocation USUAL = new RootAllocation(
            new IdRanges(List.of(new IdRange(1_000_000, 1_000_000_000))),
            new IdRanges(List.of(new IdRange(1_000_000, 1_000_000_000))));
    private static final List<IdmapEntry> DEFAULT_ENTRIES = List.of(
            new IdmapEntry(true, false, 1_000_000, 0, 1_000_000_000),
            new IdmapEntry(false, true, 1_000_000, 0, 1_000_000_000));

    private final AtomicReference<RootAllocation> allocation = new AtomicReference<>(USUAL);
    private TopologyTestDriver driver;
    private TestInputTopic<String, Instance> instances;
    private TestInputTopic<String, byte[]> rawInstances;
    private TestOutputTopic<String, IdMap> maps;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "idmap-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(IdmapTopology.build(PREFIX, false, Clock.fixed(NOW, ZoneOffset.UTC),
                allocation::get), props);
        instances = driver.createInputTopic(PREFIX + Topics.IDMAP_LEDGER_IN.name(), new StringSerializer(),
                JsonSerde.of(Instance.class));
        rawInstances = driver.createInputTopic(PREFIX + Topics.IDMAP_LEDGER_IN.name(), new StringSerializer(),
                new ByteArraySerializer());
        maps = driver.createOutputTopic(PREFIX + Topics.IDMAPS.name(), new StringDeserializer(),
                JsonSerde.of(IdMap.class));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private static Instance instance(String name, String uuid, InstanceStatus status, Map<String, String> config) {
        return new Instance("default", name, uuid, "container", "", "x86_64", false, List.of("default"), config,
                Map.of(), config, Map.of(), null, "host1", "default", null, status, PowerState.STOPPED, null, 1,
                NOW, null, NOW);
    }

    private static Instance creating(String name, String uuid) {
        return instance(name, uuid, InstanceStatus.CREATING, Map.of("volatile.uuid", uuid));
    }

    private static long revision(TestRecord<String, IdMap> record) {
        Header header = record.headers().lastHeader(RecordHeaders.REVISION);
        return Long.parseLong(new String(header.value(), StandardCharsets.UTF_8));
    }

    @Test
    void aCreatingInstanceGetsTheDefaultMap() {
        instances.pipeInput("default/c1", creating("c1", "u1"));
        List<TestRecord<String, IdMap>> out = maps.readRecordsToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key()).isEqualTo("default/c1");
        assertThat(out.get(0).value()).isEqualTo(new IdMap("default", "c1", "u1", DEFAULT_ENTRIES, 0, false,
                null, NOW, null));
        assertThat(revision(out.get(0))).isEqualTo(1);
    }

    @Test
    void aRedeliveredOrLaterRecordWritesNothingNew() {
        instances.pipeInput("default/c1", creating("c1", "u1"));
        instances.pipeInput("default/c1", creating("c1", "u1"));
        Map<String, String> created = new HashMap<>(Map.of("volatile.uuid", "u1", "volatile.idmap.base", "1000000"));
        instances.pipeInput("default/c1", instance("c1", "u1", InstanceStatus.STOPPED, created));
        instances.pipeInput("default/c1", instance("c1", "u1", InstanceStatus.RUNNING, created));
        assertThat(maps.readRecordsToList()).hasSize(1);
    }

    @Test
    void theAllocationIsReadWhenDecidingNotBefore() {
        allocation.set(RootAllocation.NONE);
        instances.pipeInput("default/c1", creating("c1", "u1"));
        IdMap refused = maps.readValue();
        assertThat(refused.error()).isEqualTo(MapPlanner.NO_ALLOCATION);
        assertThat(refused.entries()).isEmpty();
        allocation.set(USUAL);
        instances.pipeInput("default/c2", creating("c2", "u2"));
        assertThat(maps.readValue().entries()).isEqualTo(DEFAULT_ENTRIES);
    }

    @Test
    void aPrivilegedInstanceGetsAnEmptyMapAndAChangeIsDecidedAgain() {
        instances.pipeInput("default/p1", instance("p1", "u1", InstanceStatus.CREATING,
                Map.of("security.privileged", "true")));
        assertThat(maps.readValue()).isEqualTo(new IdMap("default", "p1", "u1", List.of(), 0, false, null, NOW,
                null));

        instances.pipeInput("default/p1", instance("p1", "u1", InstanceStatus.STOPPED, Map.of()));
        TestRecord<String, IdMap> unprivileged = maps.readRecord();
        assertThat(unprivileged.value().entries()).isEqualTo(DEFAULT_ENTRIES);
        assertThat(revision(unprivileged)).isEqualTo(2);
        instances.pipeInput("default/p1", instance("p1", "u1", InstanceStatus.STOPPED, Map.of()));
        assertThat(maps.isEmpty()).isTrue();
    }

    @Test
    void aRenameMovesTheMapWithoutDecidingAgain() {
        instances.pipeInput("default/c1", creating("c1", "u1"));
        maps.readRecordsToList();
        allocation.set(RootAllocation.NONE);
        instances.pipeInput("default/c2", instance("c2", "u1", InstanceStatus.STOPPED, Map.of()));
        instances.pipeInput("default/c1", (Instance) null);

        List<TestRecord<String, IdMap>> out = maps.readRecordsToList();
        assertThat(out).extracting(TestRecord::key).containsExactly("default/c2", "default/c1");
        assertThat(out.get(0).value()).isEqualTo(new IdMap("default", "c2", "u1", DEFAULT_ENTRIES, 0, false,
                null, NOW, null));
        assertThat(out.get(1).value()).isNull();
        assertThat(out).extracting(IdmapTopologyTest::revision).containsExactly(2L, 3L);

        instances.pipeInput("default/c2", instance("c2", "u1", InstanceStatus.DELETING, Map.of()));
        TestRecord<String, IdMap> gone = maps.readRecord();
        assertThat(gone.key()).isEqualTo("default/c2");
        assertThat(gone.value()).isNull();
    }

    @Test
    void aRenameWhoseTombstoneComesFirstKeepsTheMapTheInstanceCarries() {
        instances.pipeInput("default/c1", creating("c1", "u1"));
        maps.readRecordsToList();
        allocation.set(RootAllocation.NONE);
        instances.pipeInput("default/c1", (Instance) null);
        instances.pipeInput("default/c2", instance("c2", "u1", InstanceStatus.STOPPED, Map.of(
                "volatile.idmap.base", "1000000",
                "volatile.idmap.next", "[{\"Isuid\":true,\"Isgid\":false,\"Hostid\":1000000,\"Nsid\":0,"
                        + "\"Maprange\":1000000000},{\"Isuid\":false,\"Isgid\":true,\"Hostid\":1000000,\"Nsid\":0,"
                        + "\"Maprange\":1000000000}]")));
        List<TestRecord<String, IdMap>> out = maps.readRecordsToList();
        assertThat(out).extracting(TestRecord::key).containsExactly("default/c1", "default/c2");
        assertThat(out.get(0).value()).isNull();
        assertThat(out.get(1).value().entries()).isEqualTo(DEFAULT_ENTRIES);
        assertThat(out.get(1).value().base()).isEqualTo(1_000_000);
    }

    @Test
    void deletingOrATombstoneTombstonesTheMapOnce() {
        instances.pipeInput("default/c1", creating("c1", "u1"));
        instances.pipeInput("default/c1", instance("c1", "u1", InstanceStatus.DELETING, Map.of()));
        instances.pipeInput("default/c1", instance("c1", "u1", InstanceStatus.DELETING, Map.of()));
        instances.pipeInput("default/c1", (Instance) null);
        instances.pipeInput("default/c3", creating("c3", "u3"));
        instances.pipeInput("default/c3", (Instance) null);

        List<TestRecord<String, IdMap>> out = maps.readRecordsToList();
        assertThat(out).extracting(r -> r.key() + (r.value() == null ? " tombstone" : " map"))
                .containsExactly("default/c1 map", "default/c1 tombstone", "default/c3 map", "default/c3 tombstone");
        assertThat(out).allSatisfy(r -> assertThat(r.headers().lastHeader(RecordHeaders.REVISION)).isNotNull());
        assertThat(out).extracting(IdmapTopologyTest::revision).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aStoppedInstanceWithoutAMapIsLeftAlone() {
        instances.pipeInput("default/c1", instance("c1", "u1", InstanceStatus.STOPPED, Map.of()));
        instances.pipeInput("default/c1", (Instance) null);
        assertThat(maps.isEmpty()).isTrue();
    }

    @Test
    void anUnreadableRecordIsSkipped() {
        rawInstances.pipeInput("default/bad", "{not json".getBytes(StandardCharsets.UTF_8));
        instances.pipeInput("default/c1", creating("c1", "u1"));
        assertThat(maps.readRecordsToList()).extracting(TestRecord::key).containsExactly("default/c1");
    }

    private static final Map<String, String> ISOLATED = Map.of("security.idmap.isolated", "true");

    private static Instance in(String project, String name, String host, InstanceStatus status,
                               Map<String, String> config, PendingAction pending) {
        Map<String, String> withUuid = new HashMap<>(config);
        withUuid.put("volatile.uuid", "u-" + project + "-" + name);
        return new Instance(project, name, "u-" + project + "-" + name, "container", "", "x86_64", false,
                List.of("default"), withUuid, Map.of(), withUuid, Map.of(), null, host, "default", null, status,
                PowerState.STOPPED, pending, 1, NOW, null, NOW);
    }

    private static PendingAction remap(String operation) {
        return new PendingAction(operation, "cmd-" + operation, "remap", false, -1, null, NOW);
    }

    private IdMap create(String project, String name, Map<String, String> config) {
        instances.pipeInput(project + "/" + name, in(project, name, "host1", InstanceStatus.CREATING, config,
                new PendingAction("op-" + name, "cmd-" + name, "create", false, -1, null, NOW)));
        return maps.readValue();
    }

    @Test
    void isolatedMapsOfAllProjectsShareOneLedgerAndFollowLxdsOrder() {
        IdMap first = create("default", "c1", ISOLATED);
        IdMap second = create("p2", "c1", ISOLATED);
        IdMap third = create("p3", "big", Map.of("security.idmap.isolated", "true", "security.idmap.size", "200000"));
        assertThat(List.of(first.base(), second.base(), third.base())).containsExactly(1_065_536L, 1_131_072L,
                1_196_608L);
        assertThat(first.isolated()).isTrue();
        assertThat(first.operationId()).isEqualTo("op-c1");
        assertThat(third.entries()).containsExactly(new IdmapEntry(true, false, 1_196_608, 0, 200_000),
                new IdmapEntry(false, true, 1_196_608, 0, 200_000));
        IdMap shared = create("default", "plain", Map.of());
        assertThat(shared.entries()).isEqualTo(DEFAULT_ENTRIES);
        assertThat(shared.base()).isZero();
    }

    @Test
    void anotherHostHasItsOwnRanges() {
        create("default", "c1", ISOLATED);
        instances.pipeInput("default/c2", in("default", "c2", "host2", InstanceStatus.CREATING, ISOLATED, null));
        assertThat(maps.readValue().base()).isEqualTo(1_065_536L);
    }

    @Test
    void aDeletedInstancesRangeIsReused() {
        create("default", "c1", ISOLATED);
        create("default", "c2", ISOLATED);
        instances.pipeInput("default/c1", in("default", "c1", "host1", InstanceStatus.DELETING, ISOLATED, null));
        assertThat(maps.readRecord().value()).isNull();
        assertThat(create("p2", "c3", ISOLATED).base()).isEqualTo(1_065_536L);
    }

    @Test
    void aBaseInsideAnotherIsolatedRangeIsRefusedAndHoldsNothing() {
        create("default", "c1", ISOLATED);
        IdMap refused = create("p2", "c2", Map.of("security.idmap.isolated", "true", "security.idmap.base",
                "1100000"));
        assertThat(refused.error()).isEqualTo("security.idmap.base 1100000 with security.idmap.size 65536 (host ids "
                + "1100000-1165535) overlaps the isolated map of instance \"c1\" in project \"default\" "
                + "(1065536-1131071)");
        assertThat(refused.entries()).isEmpty();
        assertThat(refused.operationId()).isEqualTo("op-c2");
        instances.pipeInput("p2/c2", in("p2", "c2", "host1", InstanceStatus.DELETING, ISOLATED, null));
        maps.readRecordsToList();
        assertThat(create("p2", "c3", ISOLATED).base()).isEqualTo(1_131_072L);
    }

    @Test
    void aRemapIsAnsweredWithItsOperationAndARefusedChangeKeepsTheOldMap() {
        create("default", "c1", ISOLATED);
        IdMap c2 = create("default", "c2", Map.of());
        Map<String, String> overlapping = Map.of("security.idmap.isolated", "true", "security.idmap.base", "1065536");
        instances.pipeInput("default/c2", in("default", "c2", "host1", InstanceStatus.STOPPED, overlapping,
                remap("op-a")));
        IdMap refused = maps.readValue();
        assertThat(refused.error()).contains("overlaps the isolated map of instance \"c1\"");
        assertThat(refused.entries()).isEqualTo(c2.entries());
        assertThat(refused.operationId()).isEqualTo("op-a");
        // The instance service undoes the change: the old map stands again, without the error.
        instances.pipeInput("default/c2", in("default", "c2", "host1", InstanceStatus.STOPPED, Map.of(), null));
        IdMap restored = maps.readValue();
        assertThat(restored.error()).isNull();
        assertThat(restored.entries()).isEqualTo(c2.entries());
        // An accepted change: isolated, placed after c1 (its own old range never counts against it).
        instances.pipeInput("default/c2", in("default", "c2", "host1", InstanceStatus.STOPPED, ISOLATED,
                remap("op-b")));
        IdMap isolated = maps.readValue();
        assertThat(isolated.base()).isEqualTo(1_131_072L);
        assertThat(isolated.operationId()).isEqualTo("op-b");
        // The same operation again (redelivery) writes nothing; a new remap with an unchanged request re-answers.
        instances.pipeInput("default/c2", in("default", "c2", "host1", InstanceStatus.STOPPED, ISOLATED,
                remap("op-b")));
        assertThat(maps.isEmpty()).isTrue();
        instances.pipeInput("default/c2", in("default", "c2", "host1", InstanceStatus.STOPPED, ISOLATED,
                remap("op-c")));
        IdMap again = maps.readValue();
        assertThat(again.base()).isEqualTo(1_131_072L);
        assertThat(again.operationId()).isEqualTo("op-c");
    }

    @Test
    void rawIdmapIsPunchedThroughOnlyWhenRootHoldsTheHostIds() {
        IdMap refused = create("default", "c1", Map.of("raw.idmap", "both 1000 1000"));
        assertThat(refused.error()).contains("\"usermod --add-subuids 1000-1000 root\"")
                .contains("\"usermod --add-subgids 1000-1000 root\"");
        allocation.set(new RootAllocation(
                new IdRanges(List.of(new IdRange(1_000_000, 1_000_000_000), new IdRange(1000, 1))),
                new IdRanges(List.of(new IdRange(1_000_000, 1_000_000_000), new IdRange(1000, 1)))));
        IdMap mapped = create("default", "c2", Map.of("raw.idmap", "both 1000 1000"));
        assertThat(mapped.error()).isNull();
        assertThat(mapped.entries()).startsWith(new IdmapEntry(true, false, 1_000_000, 0, 1000),
                new IdmapEntry(true, true, 1000, 1000, 1), new IdmapEntry(true, false, 1_001_001, 1001, 999_998_999));
    }

    @Test
    void aLostLedgerIsRebuiltFromTheMapsInstancesCarry() {
        instances.pipeInput("default/old", in("default", "old", "host1", InstanceStatus.STOPPED, Map.of(
                "security.idmap.isolated", "true", "volatile.idmap.base", "1065536",
                "volatile.idmap.next", "[{\"Isuid\":true,\"Isgid\":false,\"Hostid\":1065536,\"Nsid\":0,"
                        + "\"Maprange\":65536},{\"Isuid\":false,\"Isgid\":true,\"Hostid\":1065536,\"Nsid\":0,"
                        + "\"Maprange\":65536}]"), null));
        assertThat(maps.readValue().isolated()).isTrue();
        assertThat(create("default", "new", ISOLATED).base()).isEqualTo(1_131_072L);
    }

    @Test
    void theSharedMapIsWrittenAfterStartAndAgainOnlyWhenRootsAllocationChangesIt() {
        TestOutputTopic<String, SharedIdmap> shared = driver.createOutputTopic(PREFIX + Topics.IDMAP_SHARED.name(),
                new StringDeserializer(), JsonSerde.of(SharedIdmap.class));
        driver.advanceWallClockTime(MapProcessor.SHARED_CHECK);
        List<TestRecord<String, SharedIdmap>> first = shared.readRecordsToList();
        assertThat(first).hasSize(1);
        assertThat(first.get(0).key()).isEqualTo(SharedIdmap.KEY);
        assertThat(first.get(0).value()).isEqualTo(new SharedIdmap(DEFAULT_ENTRIES, 0, null, NOW));

        driver.advanceWallClockTime(MapProcessor.SHARED_CHECK);
        assertThat(shared.isEmpty()).isTrue();

        allocation.set(RootAllocation.NONE);
        driver.advanceWallClockTime(MapProcessor.SHARED_CHECK);
        SharedIdmap none = shared.readValue();
        assertThat(none.entries()).isEmpty();
        assertThat(none.error()).contains("usermod --add-subuids");
        assertThat(maps.isEmpty()).isTrue();
    }
}
