package io.lxbus.gateway.it;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lxbus.events.Actions;
import io.lxbus.events.Command;
import io.lxbus.events.CreateProfile;
import io.lxbus.events.DeleteProfile;
import io.lxbus.events.ErrorCode;
import io.lxbus.events.InstanceCommand;
import io.lxbus.events.Keys;
import io.lxbus.events.LifecycleData;
import io.lxbus.events.LifecycleEvent;
import io.lxbus.events.PatchProfile;
import io.lxbus.events.Profile;
import io.lxbus.events.RecordHeaders;
import io.lxbus.events.RenameProfile;
import io.lxbus.events.ReplaceProfile;
import io.lxbus.events.Result;
import io.lxbus.events.StateWrite;
import io.lxbus.events.TopicSpec;
import io.lxbus.events.Topics;
import io.lxbus.events.wire.JsonSerde;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays the instance service in tests, on the real broker: reads profile commands, writes the profile
 * record (with its revision header), a lifecycle event and the result. Not transactional, and it keeps no
 * handled-command ids; the real owner does both. A profile named {@code ignored-by-owner} gets no answer.
 */
public final class ProfileOwner implements AutoCloseable {
    public static final String IGNORED = "ignored-by-owner";
    private static final JsonSerde<Command<InstanceCommand>> COMMANDS = JsonSerde.of(new TypeReference<>() {
    });

    private final String prefix;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, Profile> profiles = new HashMap<>();
    private final Map<String, Long> revisions = new HashMap<>();
    private final Map<String, Long> seq = new HashMap<>();
    private final List<Command<InstanceCommand>> received = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public ProfileOwner(String bootstrap, String prefix) {
        this.prefix = prefix;
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        consumer = new KafkaConsumer<>(c);
        List<TopicPartition> partitions = new ArrayList<>();
        String commands = topic(Topics.INSTANCE_COMMANDS);
        consumer.partitionsFor(commands).forEach(p -> partitions.add(new TopicPartition(commands, p.partition())));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        producer = new KafkaProducer<>(p);
        thread = new Thread(this::run, "test-profile-owner");
        thread.setDaemon(true);
        thread.start();
    }

    /** Every command received so far. */
    public List<Command<InstanceCommand>> received() {
        return received;
    }

    private String topic(TopicSpec spec) {
        return Topics.named(prefix, spec);
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Command<InstanceCommand> command = COMMANDS.deserialize(record.topic(), record.value());
                    received.add(command);
                    handle(command);
                }
            }
        } catch (WakeupException e) {
            // closing
        }
    }

    private void handle(Command<InstanceCommand> command) {
        InstanceCommand body = command.body();
        String project = body.project();
        Instant now = Instant.now();
        if (body instanceof CreateProfile create) {
            if (create.name().equals(IGNORED)) {
                return;
            }
            if (profiles.containsKey(Keys.resource(project, create.name()))) {
                fail(command, ErrorCode.CONFLICT, "Error inserting \"" + create.name() + "\" into database: The profile already exists");
                return;
            }
            Profile profile = new Profile(project, create.name(), create.description(), create.config(), create.devices(),
                    next(project, create.name()), now, now);
            succeed(command, Actions.PROFILE_CREATED, List.of(write(profile)), profile.name());
        } else if (body instanceof ReplaceProfile replace) {
            Profile old = existing(command, project, replace.name(), replace.ifMatchRevision());
            if (old != null) {
                Profile profile = new Profile(project, old.name(), replace.description(), replace.config(), replace.devices(),
                        next(project, old.name()), old.createdAt(), now);
                succeed(command, Actions.PROFILE_UPDATED, List.of(write(profile)), profile.name());
            }
        } else if (body instanceof PatchProfile patch) {
            Profile old = existing(command, project, patch.name(), patch.ifMatchRevision());
            if (old != null) {
                Map<String, String> config = new LinkedHashMap<>(old.config());
                if (patch.config() != null) {
                    config.putAll(patch.config());
                }
                Map<String, Map<String, String>> devices = new LinkedHashMap<>(old.devices());
                if (patch.devices() != null) {
                    devices.putAll(patch.devices());
                }
                Profile profile = new Profile(project, old.name(), patch.description() == null ? old.description()
                        : patch.description(), config, devices, next(project, old.name()), old.createdAt(), now);
                succeed(command, Actions.PROFILE_UPDATED, List.of(write(profile)), profile.name());
            }
        } else if (body instanceof RenameProfile rename) {
            Profile old = existing(command, project, rename.name(), null);
            if (old != null) {
                if (profiles.containsKey(Keys.resource(project, rename.newName()))) {
                    fail(command, ErrorCode.CONFLICT, "Name \"" + rename.newName() + "\" already in use");
                    return;
                }
                StateWrite gone = tombstone(project, old.name());
                Profile profile = new Profile(project, rename.newName(), old.description(), old.config(), old.devices(),
                        next(project, rename.newName()), old.createdAt(), now);
                succeed(command, Actions.PROFILE_RENAMED, List.of(gone, write(profile)), profile.name());
            }
        } else if (body instanceof DeleteProfile delete) {
            Profile old = existing(command, project, delete.name(), null);
            if (old != null) {
                if (old.name().equals("default")) {
                    fail(command, ErrorCode.FORBIDDEN, "The \"default\" profile cannot be deleted");
                    return;
                }
                succeed(command, Actions.PROFILE_DELETED, List.of(tombstone(project, old.name())), old.name());
            }
        }
    }

    private Profile existing(Command<InstanceCommand> command, String project, String name, Long ifMatch) {
        Profile profile = profiles.get(Keys.resource(project, name));
        if (profile == null) {
            fail(command, ErrorCode.NOT_FOUND, "Profile not found");
            return null;
        }
        if (ifMatch != null && ifMatch != profile.revision()) {
            fail(command, ErrorCode.PRECONDITION_FAILED, "ETag doesn't match: " + ifMatch + " vs " + profile.revision());
            return null;
        }
        return profile;
    }

    private long next(String project, String name) {
        return revisions.merge(Keys.resource(project, name), 1L, Long::sum);
    }

    private StateWrite write(Profile profile) {
        String key = Keys.resource(profile.project(), profile.name());
        profiles.put(key, profile);
        send(topic(Topics.PROFILES), key, JsonSerde.of(Profile.class).serialize("", profile), profile.revision());
        return new StateWrite(Topics.PROFILES.name(), key, profile.revision());
    }

    private StateWrite tombstone(String project, String name) {
        String key = Keys.resource(project, name);
        profiles.remove(key);
        long revision = next(project, name);
        send(topic(Topics.PROFILES), key, null, revision);
        return new StateWrite(Topics.PROFILES.name(), key, revision);
    }

    private void send(String topic, String key, byte[] value, long revision) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        record.headers().add(RecordHeaders.REVISION, Long.toString(revision).getBytes(StandardCharsets.UTF_8));
        producer.send(record);
    }

    private void succeed(Command<InstanceCommand> command, String action, List<StateWrite> writes, String name) {
        String project = command.body().project();
        LifecycleData data = new LifecycleData(action, Keys.source("profiles", project, name), Map.of(), command.requestor());
        String key = Keys.apiPath("profiles", project, name);
        LifecycleEvent event = LifecycleEvent.of(UUID.randomUUID().toString(), seq.merge(key, 1L, Long::sum),
                Instant.now(), project, "none", data);
        producer.send(new ProducerRecord<>(topic(Topics.LIFECYCLE), key, JsonSerde.of(LifecycleEvent.class).serialize("", event)));
        Result result = Result.ok(command, Keys.source("profiles", project, name), writes, Map.of(), Instant.now());
        producer.send(new ProducerRecord<>(topic(Topics.RESULTS), command.operationId(),
                JsonSerde.of(Result.class).serialize("", result)));
    }

    private void fail(Command<InstanceCommand> command, ErrorCode code, String message) {
        Result result = Result.failed(command, code, message, Instant.now());
        producer.send(new ProducerRecord<>(topic(Topics.RESULTS), command.operationId(),
                JsonSerde.of(Result.class).serialize("", result)));
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
        producer.close();
    }
}
