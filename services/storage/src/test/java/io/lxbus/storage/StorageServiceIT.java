package io.lxbus.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lxbus.common.InternalToken;
import io.lxbus.events.Actions;
import io.lxbus.events.Command;
import io.lxbus.events.CreateImageAlias;
import io.lxbus.events.DeleteImageAlias;
import io.lxbus.events.Image;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceSource;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.LifecycleEvent;
import io.lxbus.events.RecordHeaders;
import io.lxbus.events.RenameImageAlias;
import io.lxbus.events.Requestor;
import io.lxbus.events.Result;
import io.lxbus.events.StorageCommand;
import io.lxbus.events.StoragePool;
import io.lxbus.events.Topics;
import io.lxbus.events.Volume;
import io.lxbus.events.wire.Json;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.events.wire.ProjectPartitioner;
import io.lxbus.infra.kafka.BusTail;
import io.lxbus.infra.kafka.ServiceProcess;
import io.lxbus.infra.kafka.TestKafka;
import io.lxbus.storage.domain.FingerprintDigest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged service against a real broker: pool at start, image import, alias commands, root volumes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StorageServiceIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String HOST = "it-host";
    private static final Requestor BOB = new Requestor("bob", "unix", "@");
    private static final JsonSerde<Result> RESULTS = JsonSerde.of(Result.class);
    private static final JsonSerde<LifecycleEvent> EVENTS = JsonSerde.of(LifecycleEvent.class);
    private static final JsonSerde<Volume> VOLUMES = JsonSerde.of(Volume.class);

    private String prefix;
    private Path dir;
    private Path imageFile;
    private String fingerprint;
    private ServiceProcess service;
    private KafkaProducer<String, byte[]> producer;
    private BusTail tail;

    @BeforeAll
    void start() throws Exception {
        String bootstrap = TestKafka.bootstrap();
        prefix = TestKafka.createTopics(TestKafka.uniquePrefix());
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "lxbus-storage-it-");
        imageFile = dir.resolve("bb.tar.gz");
        Path script = Path.of("../../infra/images/busybox/make-image").toAbsolutePath().normalize();
        Process make = new ProcessBuilder(script.toString(), imageFile.toString()).inheritIO().start();
        assertThat(make.waitFor()).isZero();
        service = new ServiceProcess("storage", dir, bootstrap, prefix).env("LXBUS_HOST", HOST);
        service.start();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new ByteArraySerializer());
        tail = new BusTail(bootstrap, List.of(topic(Topics.RESULTS), topic(Topics.LIFECYCLE), topic(Topics.IMAGES),
                topic(Topics.IMAGE_ALIASES), topic(Topics.POOLS), topic(Topics.VOLUMES)));
    }

    @AfterAll
    void stop() throws Exception {
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

    private Result command(StorageCommand body) throws Exception {
        Command<StorageCommand> command = new Command<>(UUID.randomUUID().toString(), "op-" + UUID.randomUUID(), BOB,
                Instant.now(), body);
        byte[] value = JsonSerde.of(new TypeReference<Command<StorageCommand>>() { }).serialize(null, command);
        producer.send(new ProducerRecord<>(topic(Topics.STORAGE_COMMANDS), body.project(), value)).get();
        return RESULTS.deserialize(null, tail.await(r -> r.topic().equals(topic(Topics.RESULTS))
                && r.key().equals(command.operationId()), WAIT).value());
    }

    private List<LifecycleEvent> events(String key) {
        return tail.all(r -> r.topic().equals(topic(Topics.LIFECYCLE)) && r.key().equals(key)).stream()
                .map(r -> EVENTS.deserialize(null, r.value())).toList();
    }

    private static String revision(ConsumerRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader(RecordHeaders.REVISION).value(), StandardCharsets.UTF_8);
    }

    private List<String> imagesFolder() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("images"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    @Order(1)
    void theDefaultPoolExistsAndTheSocketIsRootOnly() throws Exception {
        ConsumerRecord<String, byte[]> pool = tail.await(r -> r.topic().equals(topic(Topics.POOLS))
                && r.key().equals("default"), WAIT);
        StoragePool record = JsonSerde.of(StoragePool.class).deserialize(null, pool.value());
        assertThat(record.driver()).isEqualTo("dir");
        assertThat(record.config()).containsEntry("source", dir.resolve("storage-pools/default").toString());
        assertThat(dir.resolve("storage-pools/default/containers")).isDirectory();
        assertThat(events("/1.0/storage-pools/default?project=default")).extracting(e -> e.data().action())
                .containsExactly(Actions.STORAGE_POOL_CREATED);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(service.socket())))
                .isEqualTo("rw-------");
    }

    @Test
    @Order(2)
    void theApiRefusesRequestsWithoutTheGatewaysToken() throws Exception {
        // Refused on the headers, before any of the body is read (so none is sent here).
        Map<String, String> headers = Map.of("Content-Type", "application/octet-stream");
        ServiceProcess.Response none = service.request("POST", "/internal/images?project=default", headers, null);
        assertThat(none.status()).isEqualTo(403);
        assertThat(none.body()).contains("only answers the gateway");
        ServiceProcess.Response wrong = service.request("POST", "/internal/images?project=default",
                Map.of("Content-Type", "application/octet-stream", InternalToken.HEADER, "0".repeat(64)), null);
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(InternalToken.file(dir))))
                .isEqualTo("rw-------");
        assertThat(imagesFolder()).isEmpty();
    }

    @Test
    @Order(3)
    void importsTheBusyboxImage() throws Exception {
        fingerprint = FingerprintDigest.of(imageFile);
        long started = System.nanoTime();
        ServiceProcess.Response response = internal("POST", "/internal/images?project=default", Map.of(
                "Content-Type", "application/octet-stream", "X-LXD-filename", "bb.tar.gz",
                "X-LXD-properties", "user.note=hello%20world"), imageFile);
        System.out.printf("busybox image import: %.1f ms%n", (System.nanoTime() - started) / 1e6);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Image image = Json.mapper().readValue(response.body(), Image.class);
        assertThat(image.fingerprint()).isEqualTo(fingerprint);
        assertThat(image.properties()).containsEntry("os", "busybox").containsEntry("user.note", "hello world");
        assertThat(image.architecture()).isEqualTo("x86_64");
        assertThat(image.size()).isEqualTo(Files.size(imageFile));

        ConsumerRecord<String, byte[]> record = tail.await(r -> r.topic().equals(topic(Topics.IMAGES))
                && r.key().equals("default/" + fingerprint), WAIT);
        assertThat(revision(record)).isEqualTo("1");
        assertThat(record.partition()).isEqualTo(ProjectPartitioner.partition("default/x", Topics.PARTITIONS));
        tail.await(r -> r.topic().equals(topic(Topics.LIFECYCLE))
                && r.key().equals("/1.0/images/" + fingerprint + "?project=default"), WAIT);
        assertThat(events("/1.0/images/" + fingerprint + "?project=default").get(0).data().action())
                .isEqualTo(Actions.IMAGE_CREATED);
        assertThat(imagesFolder()).containsExactly(fingerprint);

        ServiceProcess.Response again = internal("POST", "/internal/images", Map.of(
                "Content-Type", "application/octet-stream"), imageFile);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("Image with same fingerprint already exists");
        assertThat(imagesFolder()).containsExactly(fingerprint);
    }

    @Test
    @Order(4)
    void aBadTarballIsRefusedAndLeavesNothing() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.tar.gz"), "this is not a tarball");
        ServiceProcess.Response response = internal("POST", "/internal/images", Map.of(
                "Content-Type", "application/octet-stream"), junk);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("Invalid image tarball");

        Path noRootfs = dir.resolve("meta-only.tar");
        Files.writeString(dir.resolve("metadata.yaml"), "architecture: x86_64\ncreation_date: 1\nproperties: {}\n");
        assertThat(new ProcessBuilder("tar", "-cf", noRootfs.toString(), "-C", dir.toString(), "metadata.yaml")
                .start().waitFor()).isZero();
        ServiceProcess.Response missing = internal("POST", "/internal/images", Map.of(
                "Content-Type", "application/octet-stream"), noRootfs);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body()).contains("rootfs/ is missing");
        assertThat(imagesFolder()).containsExactly(fingerprint);
    }

    @Test
    @Order(5)
    void aliasesByCommand() throws Exception {
        Result created = command(new CreateImageAlias("default", "bb", fingerprint.substring(0, 12), ""));
        assertThat(created.success()).as(created.message()).isTrue();
        Result conflict = command(new CreateImageAlias("default", "bb", fingerprint, ""));
        assertThat(conflict.message()).isEqualTo("Alias \"bb\" already exists");
        assertThat(command(new RenameImageAlias("default", "bb", "busybox")).success()).isTrue();
        assertThat(command(new DeleteImageAlias("default", "busybox")).success()).isTrue();
        assertThat(command(new DeleteImageAlias("default", "busybox")).message()).isEqualTo("Image alias not found");
        assertThat(events("/1.0/images/aliases/busybox?project=default")).extracting(LifecycleEvent::seq)
                .containsExactly(1L, 2L);
        assertThat(tail.all(r -> r.topic().equals(topic(Topics.IMAGE_ALIASES)) && r.key().equals("default/bb")))
                .extracting(r -> r.value() == null).containsExactly(false, true);
    }

    @Test
    @Order(6)
    void anInstanceGetsItsRootVolumeAndLosesItOnDelete() throws Exception {
        String uuid = UUID.randomUUID().toString();
        long started = System.nanoTime();
        putInstance(instance("c1", uuid, InstanceStatus.CREATING), 1);
        ConsumerRecord<String, byte[]> record = tail.await(r -> r.topic().equals(topic(Topics.VOLUMES))
                && r.key().equals("default/default/container/c1"), WAIT);
        System.out.printf("instance root volume (unpack + clone + record): %.1f ms%n",
                (System.nanoTime() - started) / 1e6);
        Volume volume = VOLUMES.deserialize(null, record.value());
        assertThat(volume.status()).as(volume.error()).isEqualTo("Created");
        assertThat(volume.instanceUuid()).isEqualTo(uuid);
        assertThat(volume.host()).isEqualTo(HOST);
        assertThat(volume.sourceImage()).isEqualTo(fingerprint);
        Path folder = dir.resolve("storage-pools/default/containers").resolve(uuid);
        assertThat(volume.path()).isEqualTo(folder.toString());
        assertThat(folder.resolve("rootfs/bin/busybox")).isRegularFile();
        assertThat(folder.resolve("metadata.yaml")).isRegularFile();
        assertThat(Files.readSymbolicLink(folder.resolve("rootfs/sbin/init")).toString()).endsWith("busybox");
        assertThat(dir.resolve("storage-pools/default/images").resolve(fingerprint).resolve("rootfs")).isDirectory();
        tail.await(r -> r.topic().equals(topic(Topics.VOLUMES))
                && r.key().equals("default/default/image/" + fingerprint), WAIT);

        String second = UUID.randomUUID().toString();
        started = System.nanoTime();
        putInstance(instance("c2", second, InstanceStatus.CREATING), 1);
        tail.await(r -> r.topic().equals(topic(Topics.VOLUMES)) && r.key().equals("default/default/container/c2"), WAIT);
        System.out.printf("second instance root volume (clone only + record): %.1f ms%n",
                (System.nanoTime() - started) / 1e6);

        putInstance(instance("c1", uuid, InstanceStatus.DELETING), 2);
        tail.await(r -> r.topic().equals(topic(Topics.VOLUMES)) && r.key().equals("default/default/container/c1")
                && r.value() == null, WAIT);
        assertThat(folder).doesNotExist();
        assertThat(dir.resolve("storage-pools/default/containers").resolve(second)).isDirectory();
    }

    private Instance instance(String name, String uuid, InstanceStatus status) {
        return new Instance("default", name, uuid, "container", "", "x86_64", false, List.of("default"),
                Map.of("volatile.base_image", fingerprint), Map.of(), Map.of(), Map.of(),
                new InstanceSource("image", fingerprint, null), HOST, "default", null, status, null, null, 1,
                Instant.now(), null, Instant.now());
    }

    private void putInstance(Instance instance, long revision) throws Exception {
        String key = "default/" + instance.name();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic(Topics.INSTANCES),
                ProjectPartitioner.partition(key, Topics.PARTITIONS), key,
                JsonSerde.of(Instance.class).serialize(null, instance));
        record.headers().add(RecordHeaders.REVISION, Long.toString(revision).getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
    }

    /** A request to the service's socket as the gateway makes it: with the stack's internal token. */
    private ServiceProcess.Response internal(String method, String path, Map<String, String> headers, Path body)
            throws Exception {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put(InternalToken.HEADER, InternalToken.ensure(InternalToken.file(dir)));
        return service.request(method, path, all, body);
    }
}
