package io.lxbus.idmap;

import io.lxbus.events.IdMap;
import io.lxbus.events.IdmapEntry;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.PowerState;
import io.lxbus.events.RecordHeaders;
import io.lxbus.events.Topics;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.events.wire.ProjectPartitioner;
import io.lxbus.infra.kafka.BusTail;
import io.lxbus.infra.kafka.ServiceProcess;
import io.lxbus.infra.kafka.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged service against a real broker, with its own subuid/subgid files: instances in, id maps out. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdmapServiceIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final JsonSerde<IdMap> MAPS = JsonSerde.of(IdMap.class);
    private static final List<IdmapEntry> DEFAULT_ENTRIES = List.of(
            new IdmapEntry(true, false, 1_000_000, 0, 1_000_000_000),
            new IdmapEntry(false, true, 1_000_000, 0, 1_000_000_000));

    private String prefix;
    private Path subuid;
    private Path subgid;
    private ServiceProcess service;
    private KafkaProducer<String, Instance> producer;
    private BusTail tail;

    @BeforeAll
    void start() throws Exception {
        String bootstrap = TestKafka.bootstrap();
        prefix = TestKafka.createTopics(TestKafka.uniquePrefix());
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "lxbus-idmap-it-");
        subuid = Files.writeString(dir.resolve("subuid"), "# test\nubuntu:100000:65536\nroot:1000000:1000000000\n");
        subgid = Files.writeString(dir.resolve("subgid"), "0:1000000:1000000000\n");
        service = new ServiceProcess("idmap", dir, bootstrap, prefix)
                .env("LXBUS_SUBUID_FILE", subuid.toString()).env("LXBUS_SUBGID_FILE", subgid.toString());
        service.start();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.PARTITIONER_CLASS_CONFIG, ProjectPartitioner.class.getName()),
                new StringSerializer(), JsonSerde.of(Instance.class));
        tail = new BusTail(bootstrap, List.of(topic(Topics.IDMAPS)));
    }

    @AfterAll
    void stop() {
        if (tail != null) {
            tail.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (service != null) {
            service.close();
        }
    }

    private String topic(io.lxbus.events.TopicSpec spec) {
        return Topics.named(prefix, spec);
    }

    private void send(String name, Instance instance) throws Exception {
        producer.send(new ProducerRecord<>(topic(Topics.IDMAP_LEDGER_IN), "default/" + name, instance)).get();
    }

    private static Instance instance(String name, String uuid, InstanceStatus status, Map<String, String> config) {
        Instant now = Instant.now();
        return new Instance("default", name, uuid, "container", "", "x86_64", false, List.of("default"), config,
                Map.of(), config, Map.of(), null, "host1", "default", null, status, PowerState.STOPPED, null, 1,
                now, null, now);
    }

    private ConsumerRecord<String, byte[]> awaitMap(String name, boolean tombstone) {
        return tail.await(r -> r.key().equals("default/" + name) && (r.value() == null) == tombstone, WAIT);
    }

    private List<ConsumerRecord<String, byte[]>> maps(String name) {
        return tail.all(r -> r.key().equals("default/" + name));
    }

    private static long revision(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(RecordHeaders.REVISION);
        return Long.parseLong(new String(header.value(), StandardCharsets.UTF_8));
    }

    @Test
    @Order(1)
    void aCreatingInstanceGetsTheDefaultMapOnce() throws Exception {
        String uuid = UUID.randomUUID().toString();
        Instance c1 = instance("c1", uuid, InstanceStatus.CREATING, Map.of());
        send("c1", c1);
        ConsumerRecord<String, byte[]> record = awaitMap("c1", false);
        IdMap map = MAPS.deserialize(null, record.value());
        assertThat(map.entries()).isEqualTo(DEFAULT_ENTRIES);
        assertThat(map.base()).isZero();
        assertThat(map.instanceUuid()).isEqualTo(uuid);
        assertThat(map.error()).isNull();
        assertThat(record.partition()).isEqualTo(ProjectPartitioner.partition("default/c1", Topics.PARTITIONS));
        assertThat(revision(record)).isPositive();

        send("c1", c1);
        tail.settle(Duration.ofMillis(500));
        assertThat(maps("c1")).hasSize(1);
    }

    @Test
    @Order(2)
    void aPrivilegedInstanceGetsNoEntries() throws Exception {
        send("p1", instance("p1", UUID.randomUUID().toString(), InstanceStatus.CREATING,
                Map.of("security.privileged", "true")));
        IdMap map = MAPS.deserialize(null, awaitMap("p1", false).value());
        assertThat(map.entries()).isEmpty();
        assertThat(map.base()).isZero();
        assertThat(map.error()).isNull();
    }

    @Test
    @Order(3)
    void aRenameMovesTheMapAndADeleteTombstonesIt() throws Exception {
        String uuid = UUID.randomUUID().toString();
        send("r1", instance("r1", uuid, InstanceStatus.CREATING, Map.of()));
        awaitMap("r1", false);
        send("r2", instance("r2", uuid, InstanceStatus.STOPPED, Map.of()));
        send("r1", null);
        IdMap moved = MAPS.deserialize(null, awaitMap("r2", false).value());
        assertThat(moved.instance()).isEqualTo("r2");
        assertThat(moved.entries()).isEqualTo(DEFAULT_ENTRIES);
        awaitMap("r1", true);

        send("r2", instance("r2", uuid, InstanceStatus.DELETING, Map.of()));
        awaitMap("r2", true);
        tail.settle(Duration.ofMillis(300));
        assertThat(maps("r1")).hasSize(2);
        assertThat(maps("r2")).hasSize(2);
        assertThat(maps("r2")).extracting(IdmapServiceIT::revision).isSorted().doesNotHaveDuplicates();
    }

    @Test
    @Order(4)
    void anEditedSubuidFileCountsForTheNextDecision() throws Exception {
        Files.writeString(subuid, "ubuntu:100000:65536\n");
        Files.setLastModifiedTime(subuid, FileTime.from(Instant.now().plusSeconds(2)));
        send("n1", instance("n1", UUID.randomUUID().toString(), InstanceStatus.CREATING, Map.of()));
        IdMap refused = MAPS.deserialize(null, awaitMap("n1", false).value());
        assertThat(refused.entries()).isEmpty();
        assertThat(refused.error()).isEqualTo("No subuid/subgid allocation for root: add one, for example with "
                + "\"usermod --add-subuids 1000000-1999999999 --add-subgids 1000000-1999999999 root\"");

        Files.writeString(subuid, "root:2000000:65536\nroot:1000000:1000000000\n");
        Files.setLastModifiedTime(subuid, FileTime.from(Instant.now().plusSeconds(4)));
        send("n2", instance("n2", UUID.randomUUID().toString(), InstanceStatus.CREATING, Map.of()));
        IdMap map = MAPS.deserialize(null, awaitMap("n2", false).value());
        assertThat(map.entries().get(0)).isEqualTo(new IdmapEntry(true, false, 2_000_000, 0, 65_536));
        assertThat(map.base()).isZero();
    }

    @Test
    @Order(5)
    void aRestartRemembersWhatWasWritten() throws Exception {
        assertThat(service.stop()).as("exit status after SIGTERM").isIn(0, 143);
        service.start();
        ConsumerRecord<String, byte[]> before = maps("c1").get(0);
        send("c1", instance("c1", MAPS.deserialize(null, before.value()).instanceUuid(), InstanceStatus.STOPPED,
                Map.of()));
        send("c9", instance("c9", UUID.randomUUID().toString(), InstanceStatus.CREATING, Map.of()));
        ConsumerRecord<String, byte[]> c9 = awaitMap("c9", false);
        tail.settle(Duration.ofMillis(300));
        assertThat(maps("c1")).hasSize(1);
        assertThat(revision(c9)).isGreaterThan(revision(before));
    }

    @Test
    @Order(6)
    void isolatedMapsSurviveAKillMidAllocationWithoutOverlapOrSecondDecision() throws Exception {
        Files.writeString(subuid, "root:1000000:1000000000\n");
        Files.setLastModifiedTime(subuid, FileTime.from(Instant.now().plusSeconds(6)));
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String project = "default";
            String name = "iso" + i;
            Instant now = Instant.now();
            Map<String, String> config = Map.of("security.idmap.isolated", "true");
            Instance instance = new Instance(project, name, UUID.randomUUID().toString(), "container", "", "x86_64",
                    false, List.of("default"), config, Map.of(), config, Map.of(), null, "host1", "default", null,
                    InstanceStatus.CREATING, PowerState.STOPPED, null, 1, now, null, now);
            producer.send(new ProducerRecord<>(topic(Topics.IDMAP_LEDGER_IN), project + "/" + name, instance));
            keys.add(project + "/" + name);
        }
        producer.flush();
        tail.await(r -> r.key().equals(keys.get(0)), WAIT);
        service.kill();
        service.start();
        for (String key : keys) {
            tail.await(r -> r.key().equals(key) && r.value() != null, WAIT);
        }
        tail.settle(Duration.ofMillis(500));
        List<long[]> ranges = new java.util.ArrayList<>();
        for (String key : keys) {
            List<IdMap> written = tail.all(r -> r.key().equals(key) && r.value() != null).stream()
                    .map(r -> MAPS.deserialize(null, r.value())).toList();
            assertThat(written).as(key).hasSize(1);
            IdMap map = written.get(0);
            assertThat(map.error()).as(key).isNull();
            assertThat(map.isolated()).isTrue();
            ranges.add(new long[] {map.base(), map.base() + 65_535});
        }
        ranges.sort(java.util.Comparator.comparingLong(r -> r[0]));
        assertThat(ranges.get(0)[0]).isEqualTo(1_065_536);
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i)[0]).isEqualTo(ranges.get(i - 1)[1] + 1);
        }
    }

    @Test
    @Order(7)
    void isolatedMapsOfProjectsInDifferentPartitionsNeverOverlap() throws Exception {
        // A project whose instance records land in another partition of lxbus.instance.instances than default's
        // (where iso0..iso29 hold the first ranges); the instance service copies both into the ledger's one partition.
        String other = "default";
        for (int i = 0; ProjectPartitioner.partition(other + "/x", Topics.PARTITIONS)
                == ProjectPartitioner.partition("default/x", Topics.PARTITIONS); i++) {
            other = "project" + i;
        }
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            for (String project : List.of("default", other)) {
                String name = "spread" + i;
                Map<String, String> config = Map.of("security.idmap.isolated", "true");
                Instant now = Instant.now();
                Instance instance = new Instance(project, name, UUID.randomUUID().toString(), "container", "",
                        "x86_64", false, List.of("default"), config, Map.of(), config, Map.of(), null, "host1",
                        "default", null, InstanceStatus.CREATING, PowerState.STOPPED, null, 1, now, null, now);
                producer.send(new ProducerRecord<>(topic(Topics.IDMAP_LEDGER_IN), project + "/" + name, instance));
                keys.add(project + "/" + name);
            }
        }
        producer.flush();
        List<long[]> ranges = new java.util.ArrayList<>();
        for (String key : keys) {
            IdMap map = MAPS.deserialize(null, tail.await(r -> r.key().equals(key) && r.value() != null, WAIT).value());
            assertThat(map.error()).as(key).isNull();
            ranges.add(new long[] {map.base(), map.base() + 65_535});
        }
        for (int i = 0; i < 30; i++) {
            String key = "default/iso" + i;
            IdMap map = MAPS.deserialize(null, tail.await(r -> r.key().equals(key) && r.value() != null, WAIT).value());
            ranges.add(new long[] {map.base(), map.base() + 65_535});
        }
        for (int i = 0; i < ranges.size(); i++) {
            for (int j = i + 1; j < ranges.size(); j++) {
                long[] a = ranges.get(i);
                long[] b = ranges.get(j);
                assertThat(a[0] > b[1] || b[0] > a[1]).as("%d-%d and %d-%d", a[0], a[1], b[0], b[1]).isTrue();
            }
        }
    }
}
