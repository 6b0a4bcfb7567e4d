package io.lxbus.gateway.it;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lxbus.events.ChangeInstanceState;
import io.lxbus.events.Command;
import io.lxbus.events.CreateImageAlias;
import io.lxbus.events.CreateInstance;
import io.lxbus.events.DeleteImageAlias;
import io.lxbus.events.DeleteInstance;
import io.lxbus.events.ErrorCode;
import io.lxbus.events.ImageAlias;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceCommand;
import io.lxbus.events.InstanceRuntime;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.Keys;
import io.lxbus.events.PowerState;
import io.lxbus.events.RecordHeaders;
import io.lxbus.events.Result;
import io.lxbus.events.StateWrite;
import io.lxbus.events.StorageCommand;
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
 * Plays the instance service (instance commands) and the record-keeping side of storage (alias commands) in
 * tests, on the real broker: writes Instance, InstanceRuntime and ImageAlias records with revision headers,
 * and results listing those writes. A start makes the instance Running on host {@code h1} with pid 4242.
 */
public final class InstanceOwner implements AutoCloseable {
    private static final JsonSerde<Command<InstanceCommand>> INSTANCE_COMMANDS = JsonSerde.of(new TypeReference<>() {
    });
    private static final JsonSerde<Command<StorageCommand>> STORAGE_COMMANDS = JsonSerde.of(new TypeReference<>() {
    });

    private final String prefix;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, Instance> instances = new HashMap<>();
    private final Map<String, Long> revisions = new HashMap<>();
    private final List<Object> received = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public InstanceOwner(String bootstrap, String prefix) {
        this.prefix = prefix;
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        consumer = new KafkaConsumer<>(c);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topic(Topics.INSTANCE_COMMANDS), topic(Topics.STORAGE_COMMANDS))) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        producer = new KafkaProducer<>(p);
        thread = new Thread(this::run, "test-instance-owner");
        thread.setDaemon(true);
        thread.start();
    }

    /** Every command body received so far. */
    public List<Object> received() {
        return received;
    }

    private String topic(TopicSpec spec) {
        return Topics.named(prefix, spec);
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.topic().equals(topic(Topics.INSTANCE_COMMANDS))) {
                        Command<InstanceCommand> command = INSTANCE_COMMANDS.deserialize(record.topic(), record.value());
                        received.add(command.body());
                        handleInstance(command);
                    } else {
                        Command<StorageCommand> command = STORAGE_COMMANDS.deserialize(record.topic(), record.value());
                        received.add(command.body());
                        handleStorage(command);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        }
    }

    private void handleInstance(Command<InstanceCommand> command) {
        Instant now = Instant.now();
        if (command.body() instanceof CreateInstance create) {
            String key = Keys.resource(create.project(), create.name());
            if (instances.containsKey(key)) {
                fail(command.operationId(), command.commandId(), ErrorCode.CONFLICT, "Instance \"" + create.name()
                        + "\" already exists");
                return;
            }
            Map<String, String> config = new LinkedHashMap<>(create.config());
            config.put("volatile.base_image", String.valueOf(create.source().fingerprint()));
            Instance instance = new Instance(create.project(), create.name(), UUID.randomUUID().toString(), create.type(),
                    create.description(), "x86_64", create.ephemeral(),
                    create.profiles() == null ? List.of("default") : create.profiles(), config, create.devices(), config,
                    create.devices(), create.source(), "h1", "default", null, InstanceStatus.STOPPED, PowerState.STOPPED,
                    null, next(key), now, null, now);
            succeed(command.operationId(), command.commandId(), List.of(writeInstance(instance)));
        } else if (command.body() instanceof ChangeInstanceState change) {
            String key = Keys.resource(change.project(), change.name());
            Instance old = instances.get(key);
            if (old == null) {
                fail(command.operationId(), command.commandId(), ErrorCode.NOT_FOUND, "Instance not found");
                return;
            }
            boolean start = change.action().equals("start");
            InstanceStatus status = start ? InstanceStatus.RUNNING : InstanceStatus.STOPPED;
            Instance instance = new Instance(old.project(), old.name(), old.uuid(), old.type(), old.description(),
                    old.architecture(), old.ephemeral(), old.profiles(), old.config(), old.devices(), old.expandedConfig(),
                    old.expandedDevices(), old.source(), old.host(), old.pool(), old.rootPath(), status,
                    start ? PowerState.RUNNING : PowerState.STOPPED, null, next(key), old.createdAt(),
                    start ? now : old.lastUsedAt(), now);
            InstanceRuntime runtime = new InstanceRuntime(old.project(), old.name(), old.uuid(), "h1",
                    start ? "Running" : "Stopped", start ? 4242 : 0, command.operationId(), null, "requested", List.of(), now);
            long runtimeRevision = next("runtime/" + key);
            send(topic(Topics.RUNTIME), key, JsonSerde.of(InstanceRuntime.class).serialize("", runtime), runtimeRevision);
            succeed(command.operationId(), command.commandId(), List.of(writeInstance(instance),
                    new StateWrite(Topics.RUNTIME.name(), key, runtimeRevision)));
        } else if (command.body() instanceof DeleteInstance delete) {
            String key = Keys.resource(delete.project(), delete.name());
            if (instances.remove(key) == null) {
                fail(command.operationId(), command.commandId(), ErrorCode.NOT_FOUND, "Instance not found");
                return;
            }
            long revision = next(key);
            send(topic(Topics.INSTANCES), key, null, revision);
            succeed(command.operationId(), command.commandId(), List.of(new StateWrite(Topics.INSTANCES.name(), key,
                    revision)));
        }
    }

    private void handleStorage(Command<StorageCommand> command) {
        if (command.body() instanceof CreateImageAlias create) {
            String key = Keys.resource(create.project(), create.name());
            ImageAlias alias = new ImageAlias(create.project(), create.name(), create.target(), "container",
                    create.description(), next("alias/" + key));
            send(topic(Topics.IMAGE_ALIASES), key, JsonSerde.of(ImageAlias.class).serialize("", alias), alias.revision());
            succeed(command.operationId(), command.commandId(), List.of(new StateWrite(Topics.IMAGE_ALIASES.name(), key,
                    alias.revision())));
        } else if (command.body() instanceof DeleteImageAlias delete) {
            String key = Keys.resource(delete.project(), delete.name());
            long revision = next("alias/" + key);
            send(topic(Topics.IMAGE_ALIASES), key, null, revision);
            succeed(command.operationId(), command.commandId(), List.of(new StateWrite(Topics.IMAGE_ALIASES.name(), key,
                    revision)));
        }
    }

    private long next(String key) {
        return revisions.merge(key, 1L, Long::sum);
    }

    private StateWrite writeInstance(Instance instance) {
        String key = Keys.resource(instance.project(), instance.name());
        instances.put(key, instance);
        send(topic(Topics.INSTANCES), key, JsonSerde.of(Instance.class).serialize("", instance), instance.revision());
        return new StateWrite(Topics.INSTANCES.name(), key, instance.revision());
    }

    /** Writes any state record with its revision header (also used by tests to seed views). */
    public void send(String topic, String key, byte[] value, long revision) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        record.headers().add(RecordHeaders.REVISION, Long.toString(revision).getBytes(StandardCharsets.UTF_8));
        producer.send(record);
    }

    private void succeed(String operationId, String commandId, List<StateWrite> writes) {
        Result result = new Result(operationId, commandId, true, null, "", "", writes, Map.of(), Instant.now());
        producer.send(new ProducerRecord<>(topic(Topics.RESULTS), operationId, JsonSerde.of(Result.class).serialize("", result)));
    }

    private void fail(String operationId, String commandId, ErrorCode code, String message) {
        Result result = new Result(operationId, commandId, false, code, message, "", List.of(), Map.of(), Instant.now());
        producer.send(new ProducerRecord<>(topic(Topics.RESULTS), operationId, JsonSerde.of(Result.class).serialize("", result)));
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
