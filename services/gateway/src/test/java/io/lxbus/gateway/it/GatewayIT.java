package io.lxbus.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.lxbus.events.LifecycleData;
import io.lxbus.events.LifecycleEvent;
import io.lxbus.events.Operation;
import io.lxbus.events.Requestor;
import io.lxbus.events.Topics;
import io.lxbus.events.wire.Json;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.gateway.domain.OperationOutcome;
import io.lxbus.gateway.domain.OperationSpec;
import io.lxbus.gateway.messaging.InstanceCommands;
import io.lxbus.gateway.messaging.Operations;
import io.lxbus.events.CreateProfile;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway against a real broker, with a test owner answering profile commands, spoken to over its unix socket. */
@QuarkusTest
@QuarkusTestResource(GatewayTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayIT {
    @Inject
    Operations operations;

    @Inject
    InstanceCommands commands;

    private UnixHttp http;
    private ProfileOwner owner;

    @BeforeAll
    void start() throws Exception {
        http = new UnixHttp(GatewayTestResource.dir.resolve("unix.socket"));
        owner = new ProfileOwner(GatewayTestResource.bootstrap, GatewayTestResource.prefix);
        long deadline = System.currentTimeMillis() + 30_000;
        while (http.get("/q/health/ready").status() != 200) {
            assertThat(System.currentTimeMillis()).as("gateway ready").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @AfterAll
    void stop() {
        owner.close();
    }

    private static JsonNode json(UnixHttp.Response response) throws Exception {
        return Json.mapper().readTree(response.body());
    }

    @Test
    void serverAnswersLikeLxd() throws Exception {
        UnixHttp.Response response = http.get("/1.0");
        assertThat(response.status()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("type").asText()).isEqualTo("sync");
        JsonNode metadata = body.get("metadata");
        assertThat(metadata.get("api_extensions")).hasSize(318);
        assertThat(metadata.get("api_status").asText()).isEqualTo("stable");
        assertThat(metadata.get("api_version").asText()).isEqualTo("1.0");
        assertThat(metadata.get("auth").asText()).isEqualTo("trusted");
        assertThat(metadata.get("auth_methods").get(0).asText()).isEqualTo("tls");
        assertThat(metadata.get("environment").get("storage").asText()).isEqualTo("dir");
        assertThat(metadata.get("environment").get("server_version").asText()).isEqualTo("5.0.2");
        assertThat(metadata.get("environment").get("project").asText()).isEqualTo("default");
        assertThat(json(http.get("/")).get("metadata").get(0).asText()).isEqualTo("/1.0");
    }

    @Test
    void unknownPathsAndMethodsGetErrorEnvelopes() throws Exception {
        UnixHttp.Response missing = http.get("/1.0/nothing-here");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(json(missing).get("error_code").asInt()).isEqualTo(404);
        assertThat(json(missing).get("type").asText()).isEqualTo("error");
        UnixHttp.Response wrongMethod = http.send("DELETE", "/1.0", null);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(json(wrongMethod).get("error_code").asInt()).isEqualTo(405);
        assertThat(http.get("/1.0/profiles/not-there").status()).isEqualTo(404);
        assertThat(json(http.get("/1.0/profiles/not-there")).get("error").asText()).isEqualTo("Profile not found");
    }

    @Test
    void profileLifeFromCreateToDeleteReadsItsOwnWrites() throws Exception {
        UnixHttp.Response created = http.send("POST", "/1.0/profiles",
                "{\"config\":null,\"description\":\"\",\"devices\":null,\"name\":\"web\"}\n");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/1.0/profiles/web");
        assertThat(json(created).get("metadata").isNull()).isTrue();
        assertThat(owner.received()).anySatisfy(command -> {
            assertThat(command.requestor().protocol()).isEqualTo("unix");
            assertThat(command.requestor().username()).isEqualTo(System.getProperty("user.name"));
        });

        UnixHttp.Response shown = http.get("/1.0/profiles/web");
        assertThat(shown.status()).isEqualTo(200);
        String etag = shown.header("ETag");
        assertThat(etag).isEqualTo("\"1\"");
        assertThat(json(shown).get("metadata").get("used_by")).isEmpty();

        UnixHttp.Response put = http.send("PUT", "/1.0/profiles/web", Map.of("If-Match", etag),
                "{\"config\":{\"limits.cpu\":\"2\"},\"description\":\"Web\",\"devices\":{\"root\":{\"path\":\"/\",\"pool\":\"default\",\"type\":\"disk\"}}}"
                        .getBytes(StandardCharsets.UTF_8), false);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        JsonNode after = json(http.get("/1.0/profiles/web")).get("metadata");
        assertThat(after.get("config").get("limits.cpu").asText()).isEqualTo("2");
        assertThat(after.get("devices").get("root").get("type").asText()).isEqualTo("disk");

        UnixHttp.Response stale = http.send("PUT", "/1.0/profiles/web", Map.of("If-Match", etag),
                "{\"config\":{}}".getBytes(StandardCharsets.UTF_8), false);
        assertThat(stale.status()).isEqualTo(412);

        UnixHttp.Response patched = http.send("PATCH", "/1.0/profiles/web", "{\"config\":{\"user.tier\":\"gold\"}}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(json(http.get("/1.0/profiles/web")).get("metadata").get("config").get("user.tier").asText())
                .isEqualTo("gold");

        assertThat(json(http.get("/1.0/profiles")).get("metadata")).extracting(JsonNode::asText)
                .contains("/1.0/profiles/web");
        JsonNode filtered = json(http.get("/1.0/profiles?recursion=1&filter=name+eq+WEB")).get("metadata");
        assertThat(filtered).hasSize(1);
        assertThat(filtered.get(0).get("description").asText()).isEqualTo("Web");
        assertThat(json(http.get("/1.0/profiles?recursion=1&filter=name+ne+web")).get("metadata"))
                .noneMatch(p -> p.get("name").asText().equals("web"));

        UnixHttp.Response duplicate = http.send("POST", "/1.0/profiles", "{\"name\":\"web\"}");
        assertThat(duplicate.status()).isEqualTo(409);

        UnixHttp.Response renamed = http.send("POST", "/1.0/profiles/web", "{\"name\":\"www\"}");
        assertThat(renamed.status()).isEqualTo(201);
        assertThat(renamed.header("Location")).isEqualTo("/1.0/profiles/www");
        assertThat(http.get("/1.0/profiles/web").status()).isEqualTo(404);
        assertThat(http.get("/1.0/profiles/www").status()).isEqualTo(200);

        assertThat(http.send("DELETE", "/1.0/profiles/www", null).status()).isEqualTo(200);
        assertThat(http.get("/1.0/profiles/www").status()).isEqualTo(404);
        assertThat(http.send("DELETE", "/1.0/profiles/www", null).status()).isEqualTo(404);
    }

    @Test
    void projectsKeepProfilesApart() throws Exception {
        assertThat(http.send("POST", "/1.0/profiles?project=p2", "{\"name\":\"only-in-p2\"}").status()).isEqualTo(201);
        assertThat(http.get("/1.0/profiles/only-in-p2").status()).isEqualTo(404);
        assertThat(json(http.get("/1.0/profiles?project=p2")).get("metadata").get(0).asText())
                .isEqualTo("/1.0/profiles/only-in-p2?project=p2");
    }

    @Test
    void badInputIsRefusedAndNothingReachesKafka() throws Exception {
        long before = commandRecords();
        assertThat(http.send("POST", "/1.0/profiles", "{\"name\": ").status()).isEqualTo(400);
        assertThat(json(http.send("POST", "/1.0/profiles", "{\"name\": ")).get("error").asText()).startsWith("Invalid JSON");
        assertThat(http.send("POST", "/1.0/profiles", "{\"name\":\"p\",\"config\":{\"k\":1}}").status()).isEqualTo(400);
        assertThat(http.send("POST", "/1.0/profiles", "{\"name\":\"p\",\"devices\":{\"d\":[1]}}").status()).isEqualTo(400);
        assertThat(http.send("POST", "/1.0/profiles", "{\"name\":true}").status()).isEqualTo(400);
        assertThat(http.send("POST", "/1.0/profiles", "{\"name\":\"a/b\"}").status()).isEqualTo(400);
        assertThat(http.send("POST", "/1.0/profiles", "{\"name\":\"..\"}").status()).isEqualTo(400);
        assertThat(http.send("POST", "/1.0/profiles/x", "{\"name\":\"\"}").status()).isEqualTo(400);
        assertThat(http.send("PUT", "/1.0/profiles/x", Map.of("If-Match", "\"not-a-revision\""),
                "{}".getBytes(StandardCharsets.UTF_8), false).status()).isEqualTo(412);
        assertThat(http.get("/1.0/profiles?filter=name+gt+x").status()).isEqualTo(400);

        byte[] huge = ("{\"name\":\"big\",\"description\":\"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        UnixHttp.Response tooLarge = http.send("POST", "/1.0/profiles", Map.of(), huge, false);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(json(tooLarge).get("error_code").asInt()).isEqualTo(413);
        UnixHttp.Response tooLargeChunked = http.send("POST", "/1.0/profiles", Map.of(), huge, true);
        assertThat(tooLargeChunked.status()).isEqualTo(413);

        assertThat(commandRecords()).isEqualTo(before);
    }

    @Test
    void chunkedBodiesAreAccepted() throws Exception {
        UnixHttp.Response created = http.send("POST", "/1.0/profiles", Map.of(),
                "{\"name\":\"chunky\"}\n".getBytes(StandardCharsets.UTF_8), true);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    @Test
    void anUnansweredCommandTimesOutWith504() throws Exception {
        UnixHttp.Response response = http.send("POST", "/1.0/profiles", "{\"name\":\"" + ProfileOwner.IGNORED + "\"}");
        assertThat(response.status()).isEqualTo(504);
        assertThat(json(response).get("error").asText())
                .startsWith("Timed out waiting for the instance service; the change may still be applied (operation ");
    }

    @Test
    void eventsCarryLifecycleAndOperationEvents() throws Exception {
        try (UnixWebSocket socket = new UnixWebSocket(GatewayTestResource.dir.resolve("unix.socket"), "/1.0/events")) {
            LinkedBlockingQueue<String> frames = socket.texts();
            LifecycleData data = new LifecycleData("instance-started", "/1.0/instances/c1", Map.of(),
                    new Requestor("root", "unix", "@"));
            LifecycleEvent event = LifecycleEvent.of(UUID.randomUUID().toString(), 1, Instant.now(), "default", "none", data);
            produce(Topics.named(GatewayTestResource.prefix, Topics.LIFECYCLE), "/1.0/instances/c1?project=default",
                    JsonSerde.of(LifecycleEvent.class).serialize("", event));
            String frame = nextOfType(frames, "lifecycle");
            assertThat(frame).endsWith("\n");
            JsonNode lifecycle = Json.mapper().readTree(frame);
            assertThat(lifecycle.get("metadata").get("action").asText()).isEqualTo("instance-started");
            assertThat(lifecycle.get("metadata").get("requestor").get("username").asText()).isEqualTo("root");
            assertThat(lifecycle.get("project").asText()).isEqualTo("default");
            assertThat(lifecycle.get("location").asText()).isEqualTo("none");

            CompletableFuture<OperationOutcome> work = new CompletableFuture<>();
            Operation op = operations.registry().create(OperationSpec.task("Creating instance", "default",
                    Map.of("instances", List.of("/1.0/instances/c1"))), (id, progress) -> work);
            assertThat(json(http.get("/1.0/operations/" + op.id())).get("metadata").get("status_code").asInt())
                    .isEqualTo(103);
            assertThat(json(http.get("/1.0/operations?recursion=1")).get("metadata").get("running")).isNotEmpty();
            CompletableFuture<UnixHttp.Response> waited = CompletableFuture.supplyAsync(() -> {
                try {
                    return http.get("/1.0/operations/" + op.id() + "/wait?timeout=10");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(200);
            work.complete(OperationOutcome.success(Map.of("fingerprint", "abc")));

            List<Integer> codes = new ArrayList<>();
            JsonNode last = null;
            while (codes.isEmpty() || codes.get(codes.size() - 1) < 200) {
                last = Json.mapper().readTree(nextOfType(frames, "operation")).get("metadata");
                if (last.get("id").asText().equals(op.id())) {
                    codes.add(last.get("status_code").asInt());
                }
            }
            assertThat(codes).containsExactly(105, 103, 200);
            assertThat(last.get("metadata").get("fingerprint").asText()).isEqualTo("abc");
            JsonNode finished = json(waited.get(10, TimeUnit.SECONDS)).get("metadata");
            assertThat(finished.get("status").asText()).isEqualTo("Success");
            assertThat(json(http.get("/1.0/operations/" + op.id())).get("metadata").get("status_code").asInt())
                    .isEqualTo(200);
            assertThat(http.send("DELETE", "/1.0/operations/" + op.id(), null).status()).isEqualTo(400);
        }
    }

    @Test
    void aCommandRunAsAnOperationEndsWithItsResultAndIsVisible() throws Exception {
        Operation started = commands.startOperation(OperationSpec.task("Creating profile", "default",
                        Map.of("profiles", List.of("/1.0/profiles/via-op"))),
                new CreateProfile("default", "via-op", "", Map.of(), Map.of()), new Requestor("root", "unix", "@"));
        Operation done = operations.registry().whenFinal(started.id()).orElseThrow().get(10, TimeUnit.SECONDS);
        assertThat(done.status()).isEqualTo("Success");
        assertThat(http.get("/1.0/profiles/via-op").status()).isEqualTo(200);

        Operation failed = commands.startOperation(OperationSpec.task("Creating profile", "default", Map.of()),
                new CreateProfile("default", "via-op", "", Map.of(), Map.of()), new Requestor("root", "unix", "@"));
        Operation end = operations.registry().whenFinal(failed.id()).orElseThrow().get(10, TimeUnit.SECONDS);
        assertThat(end.statusCode()).isEqualTo(400);
        assertThat(end.err()).contains("already exists");
    }

    @Test
    void getServerInfoAnswersEveryRequestOfABurst() throws Exception {
        // Latency is measured by bench/ (ApiBench), not asserted here.
        for (int i = 0; i < 500; i++) {
            assertThat(json(http.get("/1.0")).at("/metadata/api_version").asText()).isEqualTo("1.0");
        }
    }

    private static String nextOfType(LinkedBlockingQueue<String> frames, String type) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            String frame = frames.poll(deadline - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
            if (frame != null && Json.mapper().readTree(frame).get("type").asText().equals(type)) {
                return frame;
            }
        }
        throw new AssertionError("no " + type + " event within 10 s");
    }

    private static void produce(String topic, String key, byte[] value) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, GatewayTestResource.bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
        }
    }

    /** How many records the commands topic holds (the sum of its end offsets). */
    private static long commandRecords() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, GatewayTestResource.bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        String topic = Topics.named(GatewayTestResource.prefix, Topics.INSTANCE_COMMANDS);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
