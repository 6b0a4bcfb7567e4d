package io.lxbus.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.lxbus.events.ExecutorHost;
import io.lxbus.events.Image;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceRuntime;
import io.lxbus.events.InstanceSource;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.PowerState;
import io.lxbus.events.StoragePool;
import io.lxbus.events.TopicSpec;
import io.lxbus.events.Topics;
import io.lxbus.events.Volume;
import io.lxbus.events.wire.Json;
import io.lxbus.events.wire.JsonSerde;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.SocketAddress;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Instances, images, aliases and storage against a real broker: {@link InstanceOwner} answers commands, a fake
 * storage internal API (a real HTTP server on a unix socket) takes uploads, a fake executor answers live state.
 */
@QuarkusTest
@QuarkusTestResource(GatewayTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstancesIT {
    @Inject
    Vertx vertx;

    private UnixHttp http;
    private InstanceOwner owner;
    private final List<HttpServer> servers = new ArrayList<>();
    private final AtomicInteger storageChunks = new AtomicInteger();
    private final AtomicReference<String> storageContentType = new AtomicReference<>();
    private final AtomicInteger executorCalls = new AtomicInteger();

    @BeforeAll
    void start() throws Exception {
        http = new UnixHttp(GatewayTestResource.dir.resolve("unix.socket"));
        owner = new InstanceOwner(GatewayTestResource.bootstrap, GatewayTestResource.prefix);
        startFakeStorage(GatewayTestResource.dir.resolve("run/storage.socket"));
        Path executor = GatewayTestResource.dir.resolve("executor.socket");
        startFakeExecutor(executor);
        seed(Topics.HOSTS, "h1", new ExecutorHost("h1", "unix:" + executor, "/tmp/lxc", List.of("x86_64"),
                List.of("lxc"), Instant.now()), 1);
        long deadline = System.currentTimeMillis() + 30_000;
        while (http.get("/q/health/ready").status() != 200) {
            assertThat(System.currentTimeMillis()).as("gateway ready").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @AfterAll
    void stop() {
        owner.close();
        servers.forEach(HttpServer::close);
    }

    private void startFakeStorage(Path socket) throws Exception {
        Files.createDirectories(socket.getParent());
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            MessageDigest sha = sha256();
            long[] size = {0};
            storageContentType.set(request.getHeader("Content-Type"));
            String filename = request.getHeader("X-LXD-filename");
            String project = request.getParam("project");
            request.handler(chunk -> {
                storageChunks.incrementAndGet();
                size[0] += chunk.length();
                sha.update(chunk.getBytes());
            });
            request.endHandler(end -> {
                if ("fail.tar.gz".equals(filename)) {
                    request.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                            .end("{\"error\":\"Invalid image tarball: no metadata.yaml\",\"error_code\":400}");
                    return;
                }
                String fp = HexFormat.of().formatHex(sha.digest());
                Image image = new Image(project, fp, "container", filename, size[0], "x86_64",
                        Map.of("description", "uploaded"), false, false, List.of("default"), Instant.now(), Instant.now(),
                        null, 1);
                owner.send(topic(Topics.IMAGES), project + "/" + fp, JsonSerde.of(Image.class).serialize("", image), 1);
                request.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                        .end(io.vertx.core.buffer.Buffer.buffer(JsonSerde.of(Image.class).serialize("", image)));
            });
        });
        server.listen(SocketAddress.domainSocketAddress(socket.toString())).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        servers.add(server);
    }

    private void startFakeExecutor(Path socket) throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            executorCalls.incrementAndGet();
            request.response().putHeader("Content-Type", "application/json").end("{\"status\":\"Running\",\"pid\":4242,"
                    + "\"processes\":2,\"memory\":{\"usage\":12345,\"usage_peak\":23456,\"swap_usage\":0,"
                    + "\"swap_usage_peak\":0},\"cpu\":{\"usage\":777}}");
        });
        server.listen(SocketAddress.domainSocketAddress(socket.toString())).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        servers.add(server);
    }

    @Test
    void launchIsCreateThenStartAndEachOperationEndsFromItsResult() throws Exception {
        String fp = upload("bb.tar.gz", 64 * 1024).get("metadata").get("fingerprint").asText();
        assertThat(http.send("POST", "/1.0/images/aliases",
                "{\"description\":\"\",\"target\":\"" + fp + "\",\"name\":\"bb\",\"type\":\"\"}\n").status()).isEqualTo(201);
        JsonNode alias = json(http.get("/1.0/images/aliases/bb")).get("metadata");
        assertThat(alias.get("target").asText()).isEqualTo(fp);

        UnixHttp.Response created = http.send("POST", "/1.0/instances", "{\"architecture\":\"\",\"config\":{},"
                + "\"devices\":{},\"ephemeral\":false,\"profiles\":null,\"stateful\":false,\"description\":\"\","
                + "\"name\":\"c1\",\"source\":{\"type\":\"image\",\"alias\":\"bb\"},\"instance_type\":\"\","
                + "\"type\":\"container\"}\n");
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        JsonNode operation = json(created).get("metadata");
        assertThat(operation.get("description").asText()).isEqualTo("Creating instance");
        assertThat(operation.get("resources").get("instances").get(0).asText()).isEqualTo("/1.0/instances/c1");
        assertThat(operation.get("resources").get("containers").get(0).asText()).isEqualTo("/1.0/containers/c1");
        assertThat(waitFor(operation).get("status").asText()).isEqualTo("Success");
        assertThat(recordedOperation(operation.get("id").asText(), "Success").description())
                .isEqualTo("Creating instance");
        assertThat(owner.received()).anySatisfy(command -> assertThat(command).isInstanceOfSatisfying(
                io.lxbus.events.CreateInstance.class, create -> {
                    assertThat(create.source().fingerprint()).isEqualTo(fp);
                    assertThat(create.profiles()).isNull();
                }));

        UnixHttp.Response shown = http.get("/1.0/instances/c1");
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.header("ETag")).isEqualTo("\"1\"");
        JsonNode c1 = json(shown).get("metadata");
        assertThat(c1.get("status").asText()).isEqualTo("Stopped");
        assertThat(c1.get("location").asText()).isEqualTo("none");
        assertThat(c1.get("profiles").get(0).asText()).isEqualTo("default");
        assertThat(json(http.get("/1.0/images/" + fp.substring(0, 12))).get("metadata").get("used_by").get(0).asText())
                .isEqualTo("/1.0/instances/c1");

        UnixHttp.Response started = http.send("PUT", "/1.0/instances/c1/state",
                "{\"action\":\"start\",\"timeout\":-1,\"force\":false,\"stateful\":false}\n");
        assertThat(started.status()).isEqualTo(202);
        JsonNode start = json(started).get("metadata");
        assertThat(start.get("description").asText()).isEqualTo("Starting instance");
        assertThat(start.get("resources").has("containers")).isFalse();
        assertThat(waitFor(start).get("status").asText()).isEqualTo("Success");

        JsonNode info = json(http.get("/1.0/instances/c1?recursion=1")).get("metadata");
        assertThat(info.get("status").asText()).isEqualTo("Running");
        assertThat(info.get("state").get("pid").asLong()).isEqualTo(4242);
        assertThat(info.get("state").get("memory").get("usage").asLong()).isEqualTo(12345);
        assertThat(info.get("snapshots")).isEmpty();
        assertThat(info.get("backups")).isEmpty();
        JsonNode state = json(http.get("/1.0/instances/c1/state")).get("metadata");
        assertThat(state.get("status_code").asInt()).isEqualTo(103);
        assertThat(state.get("cpu").get("usage").asLong()).isEqualTo(777);

        int before = executorCalls.get();
        JsonNode listed = json(http.get("/1.0/instances?filter=status+eq+running&recursion=2")).get("metadata");
        assertThat(listed).anySatisfy(item -> {
            assertThat(item.get("name").asText()).isEqualTo("c1");
            assertThat(item.get("state").get("network").isObject()).isTrue();
            assertThat(item.get("state").get("pid").asLong()).isEqualTo(4242);
        });
        assertThat(executorCalls.get()).as("recursion=2 lists from views only").isEqualTo(before);
        assertThat(json(http.get("/1.0/instances?filter=status+eq+frozen&recursion=2")).get("metadata")).isEmpty();
        assertThat(json(http.get("/1.0/containers")).get("metadata")).extracting(JsonNode::asText)
                .contains("/1.0/containers/c1");

        JsonNode stop = json(http.send("PUT", "/1.0/instances/c1/state", "{\"action\":\"stop\",\"force\":true}"))
                .get("metadata");
        assertThat(waitFor(stop).get("status").asText()).isEqualTo("Success");
        JsonNode deleted = json(http.send("DELETE", "/1.0/instances/c1", null)).get("metadata");
        assertThat(deleted.get("description").asText()).isEqualTo("Deleting instance");
        assertThat(waitFor(deleted).get("status").asText()).isEqualTo("Success");
        assertThat(http.get("/1.0/instances/c1").status()).isEqualTo(404);

        JsonNode failed = json(http.send("POST", "/1.0/instances",
                "{\"name\":\"dup\",\"source\":{\"type\":\"image\",\"fingerprint\":\"" + fp + "\"}}")).get("metadata");
        assertThat(waitFor(failed).get("status").asText()).isEqualTo("Success");
        JsonNode again = json(http.send("POST", "/1.0/instances",
                "{\"name\":\"dup\",\"source\":{\"type\":\"image\",\"fingerprint\":\"" + fp + "\"}}")).get("metadata");
        JsonNode end = waitFor(again);
        assertThat(end.get("status_code").asInt()).isEqualTo(400);
        assertThat(end.get("err").asText()).contains("already exists");
    }

    @Test
    void lxcListOfTwentyInstancesIsBuiltFromViews() throws Exception {
        for (int i = 0; i < 20; i++) {
            String name = "fast" + i;
            boolean running = i % 2 == 0;
            seed(Topics.INSTANCES, "p20/" + name, new Instance("p20", name, "u" + i, "container", "", "x86_64", false,
                    List.of("default"), Map.of("volatile.uuid", "u" + i), Map.of(), Map.of("volatile.uuid", "u" + i),
                    Map.of("root", Map.of("path", "/", "pool", "default", "type", "disk")),
                    new InstanceSource("image", "f".repeat(64), null), "h1", "default", "/r",
                    running ? InstanceStatus.RUNNING : i == 1 ? InstanceStatus.CREATING : InstanceStatus.STOPPED,
                    PowerState.RUNNING, null, 1, Instant.now(), Instant.now(), Instant.now()), 1);
            if (running) {
                seed(Topics.RUNTIME, "p20/" + name, new InstanceRuntime("p20", name, "u" + i, "h1", "Running", 1000 + i,
                        "op", null, "requested", List.of(), Instant.now()), 1);
            }
        }
        String path = "/1.0/instances?filter=&recursion=2&project=p20";
        long deadline = System.currentTimeMillis() + 10_000;
        while (json(http.get(path)).get("metadata").size() < 20) {
            assertThat(System.currentTimeMillis()).isLessThan(deadline);
            Thread.sleep(50);
        }
        JsonNode items = json(http.get(path)).get("metadata");
        assertThat(items).hasSize(20).allSatisfy(item -> {
            assertThat(item.get("state").get("network").isObject()).isTrue();
            assertThat(item.get("snapshots").isArray()).isTrue();
            assertThat(item.has("location")).isTrue();
        });
        assertThat(items).filteredOn(item -> item.get("name").asText().equals("fast1"))
                .allSatisfy(item -> assertThat(item.get("status").asText()).isEqualTo("Stopped"));
        // Its latency is measured by bench/ (InstanceBench), not asserted here.
    }

    @Test
    void imageUploadsAreStreamedToTheStorageService() throws Exception {
        JsonNode operation = upload("big.tar.gz", 8 * 1024 * 1024);
        assertThat(operation.get("status").asText()).isEqualTo("Success");
        assertThat(storageChunks.get()).as("the body arrived in pieces, as it was sent").isGreaterThan(10);
        assertThat(storageContentType.get()).isEqualTo("application/octet-stream");
        String fp = operation.get("metadata").get("fingerprint").asText();
        assertThat(operation.get("metadata").get("size").asLong()).isEqualTo(8 * 1024 * 1024);
        JsonNode image = json(http.get("/1.0/images/" + fp)).get("metadata");
        assertThat(image.get("filename").asText()).isEqualTo("big.tar.gz");
        assertThat(image.get("expires_at").asText()).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(json(http.get("/1.0/images?recursion=1")).get("metadata"))
                .anySatisfy(item -> assertThat(item.get("fingerprint").asText()).isEqualTo(fp));
        assertThat(json(http.get("/1.0/images")).get("metadata")).extracting(JsonNode::asText)
                .contains("/1.0/images/" + fp);

        JsonNode failed = upload("fail.tar.gz", 1024);
        assertThat(failed.get("status").asText()).isEqualTo("Failure");
        assertThat(failed.get("err").asText()).isEqualTo("Invalid image tarball: no metadata.yaml");
    }

    @Test
    void poolsAndVolumesComeFromTheirViews() throws Exception {
        seed(Topics.POOLS, "default", new StoragePool("default", "dir", "", Map.of("source", "/x/storage-pools/default"),
                "Created", 1, Instant.now()), 1);
        seed(Topics.VOLUMES, "default/default/container/v-c1", new Volume("default", "default", "container", "v-c1",
                "filesystem", "", Map.of(), "h1", "/p", "u", null, "Created", null, 1, Instant.now()), 1);
        long deadline = System.currentTimeMillis() + 10_000;
        while (http.get("/1.0/storage-pools/default/volumes/container/v-c1").status() != 200) {
            assertThat(System.currentTimeMillis()).isLessThan(deadline);
            Thread.sleep(50);
        }
        JsonNode pools = json(http.get("/1.0/storage-pools?recursion=1")).get("metadata");
        assertThat(pools.get(0).get("driver").asText()).isEqualTo("dir");
        assertThat(pools.get(0).get("locations").get(0).asText()).isEqualTo("none");
        assertThat(pools.get(0).get("used_by")).extracting(JsonNode::asText).contains("/1.0/instances/v-c1");
        JsonNode volume = json(http.get("/1.0/storage-pools/default/volumes/container/v-c1")).get("metadata");
        assertThat(volume.get("used_by").get(0).asText()).isEqualTo("/1.0/instances/v-c1");
        assertThat(volume.get("content_type").asText()).isEqualTo("filesystem");
        assertThat(json(http.get("/1.0/storage-pools/default/volumes?filter=&recursion=1")).get("metadata")).hasSize(1);
        assertThat(json(http.get("/1.0/storage-pools/default/volumes/custom")).get("metadata")).isEmpty();
        assertThat(http.get("/1.0/storage-pools/nope").status()).isEqualTo(404);
        assertThat(http.send("POST", "/1.0/storage-pools", "{\"name\":\"p\",\"driver\":\"dir\"}").status()).isEqualTo(501);
    }

    @Test
    void badInputIsRefusedAndNothingReachesKafka() throws Exception {
        long before = records(Topics.INSTANCE_COMMANDS) + records(Topics.STORAGE_COMMANDS);
        String image = "\"source\":{\"type\":\"image\",\"alias\":\"bb\"}";
        assertThat(http.send("POST", "/1.0/instances", "{\"name\": ").status()).isEqualTo(400);
        assertThat(http.send("POST", "/1.0/instances", "{\"name\":\"-x\"," + image + "}").status()).isEqualTo(400);
        assertThat(http.send("POST", "/1.0/instances", "{\"name\":\"ok\"}").status()).isEqualTo(400);
        assertThat(http.send("POST", "/1.0/instances", "{\"name\":\"ok\",\"start\":1," + image + "}").status()).isEqualTo(400);
        assertThat(http.send("POST", "/1.0/instances", "{\"name\":\"ok\",\"source\":{\"type\":\"migration\"}}").status())
                .isEqualTo(400);
        assertThat(http.send("PUT", "/1.0/instances/ghost/state", "{\"action\":\"start\"}").status()).isEqualTo(404);
        assertThat(http.send("PUT", "/1.0/instances/ghost/state", "{\"action\":\"jump\"}").status()).isEqualTo(400);
        assertThat(http.send("PUT", "/1.0/instances/ghost/state", "{\"action\":\"stop\",\"stateful\":true}").status())
                .isEqualTo(400);
        assertThat(http.send("POST", "/1.0/instances/ghost", "{\"name\":\"g2\",\"migration\":true}").status())
                .isEqualTo(400);
        assertThat(http.send("DELETE", "/1.0/instances/ghost", null).status()).isEqualTo(404);
        assertThat(http.send("PATCH", "/1.0/instances/ghost", "{\"config\":[]}").status()).isEqualTo(400);
        assertThat(http.send("POST", "/1.0/images/aliases", "{\"name\":\"a/b\",\"target\":\"x\"}").status()).isEqualTo(400);
        assertThat(http.send("POST", "/1.0/images/aliases", "{\"name\":\"a\"}").status()).isEqualTo(400);
        assertThat(http.send("POST", "/1.0/images", "{\"source\":{\"type\":\"url\"}}").status()).isEqualTo(400);
        assertThat(http.get("/1.0/instances?filter=status+gt+x").status()).isEqualTo(400);
        assertThat(http.send("DELETE", "/1.0/images/ffff", null).status()).isEqualTo(404);
        assertThat(http.get("/1.0/images/aliases/none-such").status()).isEqualTo(404);
        assertThat(records(Topics.INSTANCE_COMMANDS) + records(Topics.STORAGE_COMMANDS)).isEqualTo(before);
    }

    private JsonNode upload(String filename, int size) throws Exception {
        byte[] body = new byte[size];
        new Random(size).nextBytes(body);
        UnixHttp.Response response = http.send("POST", "/1.0/images", Map.of("Content-Type", "application/octet-stream",
                "X-LXD-filename", filename, "X-LXD-public", "false"), body, true);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return json(response).get("metadata");
    }

    private JsonNode waitFor(JsonNode operation) throws Exception {
        return json(http.get("/1.0/operations/" + operation.get("id").asText() + "/wait?timeout=10")).get("metadata");
    }

    private <T> void seed(TopicSpec topic, String key, T value, long revision) {
        @SuppressWarnings("unchecked")
        JsonSerde<T> serde = JsonSerde.of((Class<T>) value.getClass());
        owner.send(topic(topic), key, serde.serialize("", value), revision);
    }

    private static String topic(TopicSpec spec) {
        return Topics.named(GatewayTestResource.prefix, spec);
    }

    private static JsonNode json(UnixHttp.Response response) throws Exception {
        return Json.mapper().readTree(response.body());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The operation's record on lxbus.gateway.operations once it has the status (within 10 s). */
    private static io.lxbus.events.Operation recordedOperation(String id, String status) {
        JsonSerde<io.lxbus.events.Operation> serde = JsonSerde.of(io.lxbus.events.Operation.class);
        String topic = topic(Topics.OPERATIONS);
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                for (var record : consumer.poll(java.time.Duration.ofMillis(200))) {
                    if (!id.equals(record.key()) || record.value() == null) {
                        continue;
                    }
                    io.lxbus.events.Operation seen = serde.deserialize(topic, record.value());
                    if (status.equals(seen.status())) {
                        return seen;
                    }
                }
            }
        }
        throw new AssertionError("no " + status + " record of operation " + id + " within 10 s");
    }

    private static long records(TopicSpec spec) {
        String topic = topic(spec);
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** A group-less consumer of the test broker. */
    private static KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, GatewayTestResource.bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }
}
