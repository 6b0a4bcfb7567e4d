package io.lxbus.instance;

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
import io.lxbus.events.Topics;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.infra.kafka.BusTail;
import io.lxbus.infra.kafka.ServiceProcess;
import io.lxbus.infra.kafka.TestKafka;
import io.lxbus.instance.messaging.DefaultProfileBootstrap;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged service against a real broker: commands in, results, state and events out, restarts survived. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstanceServiceIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Requestor BOB = new Requestor("bob", "unix", "@");
    private static final JsonSerde<Result> RESULTS = JsonSerde.of(Result.class);
    private static final JsonSerde<Profile> PROFILES = JsonSerde.of(Profile.class);
    private static final JsonSerde<LifecycleEvent> EVENTS = JsonSerde.of(LifecycleEvent.class);

    private String prefix;
    private ServiceProcess service;
    private KafkaProducer<String, Command<InstanceCommand>> producer;
    private BusTail tail;
    private Result firstCreate;
    private Command<InstanceCommand> firstCreateCommand;

    @BeforeAll
    void start() throws Exception {
        String bootstrap = TestKafka.bootstrap();
        prefix = TestKafka.createTopics(TestKafka.uniquePrefix());
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "lxbus-instance-it-");
        service = new ServiceProcess("instance", dir, bootstrap, prefix);
        service.start();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), JsonSerde.of(new TypeReference<Command<InstanceCommand>>() { }));
        tail = new BusTail(bootstrap, List.of(topic(Topics.RESULTS), topic(Topics.PROFILES), topic(Topics.LIFECYCLE)));
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

    private Command<InstanceCommand> send(InstanceCommand body) throws Exception {
        return send(UUID.randomUUID().toString(), body);
    }

    private Command<InstanceCommand> send(String commandId, InstanceCommand body) throws Exception {
        Command<InstanceCommand> command = new Command<>(commandId, "op-" + UUID.randomUUID(), BOB, Instant.now(),
                body);
        producer.send(new ProducerRecord<>(topic(Topics.INSTANCE_COMMANDS), body.project(), command)).get();
        return command;
    }

    private Result resultOf(Command<InstanceCommand> command) {
        return RESULTS.deserialize(null, tail.await(r -> r.topic().equals(topic(Topics.RESULTS))
                && r.key().equals(command.operationId()), WAIT).value());
    }

    private List<ConsumerRecord<String, byte[]>> states(String key) {
        return tail.all(r -> r.topic().equals(topic(Topics.PROFILES)) && r.key().equals(key));
    }

    private List<LifecycleEvent> events(String name) {
        String key = "/1.0/profiles/" + name + "?project=default";
        return tail.all(r -> r.topic().equals(topic(Topics.LIFECYCLE)) && r.key().equals(key)).stream()
                .map(r -> EVENTS.deserialize(null, r.value())).toList();
    }

    private static String revision(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(RecordHeaders.REVISION);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    @Order(1)
    void theDefaultProfileExistsAfterStart() {
        ConsumerRecord<String, byte[]> state = tail.await(r -> r.topic().equals(topic(Topics.PROFILES))
                && r.key().equals("default/default") && r.value() != null, WAIT);
        Profile profile = PROFILES.deserialize(null, state.value());
        assertThat(profile.name()).isEqualTo("default");
        assertThat(revision(state)).isEqualTo(Long.toString(profile.revision()));
        Result result = RESULTS.deserialize(null, tail.await(r -> r.topic().equals(topic(Topics.RESULTS))
                && r.key().equals(DefaultProfileBootstrap.COMMAND_ID), WAIT).value());
        assertThat(result.success()).isTrue();
    }

    @Test
    @Order(2)
    void createUpdateRenameDelete() throws Exception {
        firstCreateCommand = send(new CreateProfile("default", "web", "Web", Map.of("limits.cpu", "2"), Map.of()));
        firstCreate = resultOf(firstCreateCommand);
        assertThat(firstCreate.success()).isTrue();
        long created = firstCreate.writes().get(0).revision();

        Result updated = resultOf(send(new PatchProfile("default", "web", null, Map.of("limits.memory", "1GiB"),
                null, created)));
        assertThat(updated.success()).isTrue();
        Result stale = resultOf(send(new PatchProfile("default", "web", "x", null, null, created)));
        assertThat(stale.error()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
        Result bad = resultOf(send(new PatchProfile("default", "web", null, Map.of("limits.bogus", "1"), null, null)));
        assertThat(bad.error()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(bad.message()).isEqualTo("Invalid config: Unknown configuration key: limits.bogus");

        Result renamed = resultOf(send(new RenameProfile("default", "web", "www")));
        assertThat(renamed.success()).isTrue();
        assertThat(renamed.source()).isEqualTo("/1.0/profiles/www");
        Result deleted = resultOf(send(new DeleteProfile("default", "www")));
        assertThat(deleted.success()).isTrue();
        Result forbidden = resultOf(send(new DeleteProfile("default", "default")));
        assertThat(forbidden.error()).isEqualTo(ErrorCode.FORBIDDEN);

        tail.settle(Duration.ofMillis(300));
        List<ConsumerRecord<String, byte[]>> web = states("default/web");
        assertThat(web).extracting(r -> r.value() == null ? "tombstone" : "record").containsExactly(
                "record", "record", "tombstone");
        List<Long> revisions = web.stream().map(r -> Long.parseLong(revision(r))).toList();
        assertThat(revisions).isSorted().doesNotHaveDuplicates();
        assertThat(PROFILES.deserialize(null, web.get(1).value()).config())
                .isEqualTo(Map.of("limits.cpu", "2", "limits.memory", "1GiB"));
        List<ConsumerRecord<String, byte[]>> www = states("default/www");
        assertThat(www).extracting(r -> r.value() == null ? "tombstone" : "record").containsExactly(
                "record", "tombstone");
        assertThat(www).allSatisfy(r -> assertThat(revision(r)).isNotNull());

        assertThat(events("web")).extracting(e -> e.seq() + " " + e.data().action())
                .containsExactly("1 " + Actions.PROFILE_CREATED, "2 " + Actions.PROFILE_UPDATED);
        assertThat(events("www")).extracting(e -> e.seq() + " " + e.data().action())
                .containsExactly("1 " + Actions.PROFILE_RENAMED, "2 " + Actions.PROFILE_DELETED);
        assertThat(events("www").get(0).data().context()).isEqualTo(Map.of("old_name", "web"));
        assertThat(events("www").get(0).data().requestor()).isEqualTo(BOB);
    }

    @Test
    @Order(3)
    void theSameCommandSentTwiceChangesOnce() throws Exception {
        String commandId = UUID.randomUUID().toString();
        Command<InstanceCommand> first = send(commandId, new CreateProfile("default", "twice", "", Map.of(), Map.of()));
        Command<InstanceCommand> again = new Command<>(commandId, first.operationId(), BOB, Instant.now(), first.body());
        producer.send(new ProducerRecord<>(topic(Topics.INSTANCE_COMMANDS), "default", again)).get();
        Result result = resultOf(first);
        tail.settle(Duration.ofMillis(500));
        List<ConsumerRecord<String, byte[]>> answers = tail.all(r -> r.topic().equals(topic(Topics.RESULTS))
                && r.key().equals(first.operationId()));
        assertThat(answers).hasSize(2);
        assertThat(RESULTS.deserialize(null, answers.get(1).value())).isEqualTo(result);
        assertThat(states("default/twice")).hasSize(1);
        assertThat(events("twice")).hasSize(1);
    }

    @Test
    @Order(4)
    void manyCommandsInARowAreEachAppliedOnce() throws Exception {
        // Speed is the benchmark's business (bench/); here only that a burst of commands all succeed.
        for (int i = 0; i < 40; i++) {
            Result result = resultOf(send(new CreateProfile("default", "burst-" + i, "", Map.of(), Map.of())));
            assertThat(result.success()).isTrue();
        }
    }

    @Test
    @Order(5)
    void stateAndHandledCommandsSurviveACleanRestart() throws Exception {
        assertThat(service.stop()).as("exit status after SIGTERM").isIn(0, 143);
        assertThat(service.socket()).doesNotExist();
        service.start();
        Result conflict = resultOf(send(new CreateProfile("default", "twice", "", Map.of(), Map.of())));
        assertThat(conflict.error()).isEqualTo(ErrorCode.CONFLICT);
        Result repeated = resultOf(new Command<>(firstCreateCommand.commandId(), firstCreateCommand.operationId(), BOB,
                Instant.now(), firstCreateCommand.body()), true);
        assertThat(repeated).isEqualTo(firstCreate);
    }

    @Test
    @Order(6)
    void stateSurvivesKillNine() throws Exception {
        service.kill();
        service.start();
        Result created = resultOf(send(new CreateProfile("default", "after-kill", "", Map.of(), Map.of())));
        assertThat(created.success()).isTrue();
        Result conflict = resultOf(send(new CreateProfile("default", "burst-0", "", Map.of(), Map.of())));
        assertThat(conflict.error()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(events("after-kill")).extracting(LifecycleEvent::seq).containsExactly(1L);
    }

    /** Sends an exact command again and waits for the newest result of its operation. */
    private Result resultOf(Command<InstanceCommand> command, boolean resend) throws Exception {
        int before = tail.all(r -> r.topic().equals(topic(Topics.RESULTS)) && r.key().equals(command.operationId()))
                .size();
        producer.send(new ProducerRecord<>(topic(Topics.INSTANCE_COMMANDS), command.body().project(), command)).get();
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            List<ConsumerRecord<String, byte[]>> answers = tail.all(r -> r.topic().equals(topic(Topics.RESULTS))
                    && r.key().equals(command.operationId()));
            if (answers.size() > before) {
                return RESULTS.deserialize(null, answers.get(answers.size() - 1).value());
            }
            tail.settle(Duration.ofMillis(20));
        }
        throw new AssertionError("no new result for " + command.operationId());
    }
}
