package io.lxbus.instance.messaging;

import io.lxbus.events.Command;
import io.lxbus.events.ErrorCode;
import io.lxbus.events.InstanceCommand;
import io.lxbus.events.Keys;
import io.lxbus.events.LifecycleData;
import io.lxbus.events.LifecycleEvent;
import io.lxbus.events.Profile;
import io.lxbus.events.RecordHeaders;
import io.lxbus.events.Result;
import io.lxbus.events.StateWrite;
import io.lxbus.events.Topics;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.instance.domain.ProfileDecision;
import io.lxbus.instance.domain.ProfileDecision.Applied;
import io.lxbus.instance.domain.ProfileDecision.ProfileWrite;
import io.lxbus.instance.domain.ProfileDecision.Rejected;
import io.lxbus.instance.domain.ProfileRules;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Handles every instance command of the projects its task owns: answers repeats from the handled-commands store,
 * otherwise decides with the domain rules and writes state, lifecycle event and result. All output of one command
 * is serialized before the first write, so a failure half-way cannot leave half an outcome in the transaction.
 */
final class CommandProcessor implements Processor<String, InboundCommand, String, byte[]> {
    private static final Logger LOG = Logger.getLogger(CommandProcessor.class);
    private static final JsonSerde<Profile> PROFILE_JSON = JsonSerde.of(Profile.class);
    private static final JsonSerde<LifecycleEvent> EVENT_JSON = JsonSerde.of(LifecycleEvent.class);
    private static final JsonSerde<Result> RESULT_JSON = JsonSerde.of(Result.class);
    private static final String COLLECTION = "profiles";
    private static final String LOCATION = "none";
    private static final Duration FORGET_EVERY = Duration.ofMinutes(10);

    private final ProfileRules rules;
    private final Clock clock;
    private final Duration commandRetention;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, Profile> profiles;
    private KeyValueStore<String, Result> handled;
    private KeyValueStore<String, Long> counters;

    CommandProcessor(ProfileRules rules, Clock clock, Duration commandRetention) {
        this.rules = rules;
        this.clock = clock;
        this.commandRetention = commandRetention;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.profiles = context.getStateStore(StoreNames.PROFILES);
        this.handled = context.getStateStore(StoreNames.HANDLED_COMMANDS);
        this.counters = context.getStateStore(StoreNames.COUNTERS);
        context.schedule(FORGET_EVERY, PunctuationType.WALL_CLOCK_TIME, ignored -> forgetOldCommands());
    }

    @Override
    public void process(Record<String, InboundCommand> record) {
        InboundCommand inbound = record.value();
        if (inbound == null) {
            LOG.warnf("Skipping a command record without a value (key %s)", record.key());
            return;
        }
        if (inbound.commandId() != null) {
            Result earlier = handled.get(inbound.commandId());
            if (earlier != null) {
                LOG.debugf("Command %s was handled before; sending its result again", inbound.commandId());
                send(resultOutput(earlier));
                return;
            }
        }
        Command<InstanceCommand> command = inbound.command();
        Optional<String> unreadable = unreadable(record.key(), inbound);
        if (unreadable.isPresent()) {
            answerUnreadable(inbound, unreadable.get());
            return;
        }
        Instant now = clock.instant();
        Outcome outcome;
        try {
            outcome = decide(command, now);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Command %s (%s) failed unexpectedly", command.commandId(), command.body());
            outcome = Outcome.failed(Result.failed(command, ErrorCode.INTERNAL,
                    "Internal error while handling the command: " + e, now));
        }
        outcome.apply(this);
    }

    /** Why a record cannot be handled as a command, or empty when it can. */
    private static Optional<String> unreadable(String key, InboundCommand inbound) {
        if (!inbound.readable()) {
            return Optional.of("Cannot read the command: " + inbound.problem());
        }
        Command<InstanceCommand> command = inbound.command();
        if (command.commandId() == null || command.commandId().isEmpty()) {
            return Optional.of("The command has no commandId");
        }
        if (command.body() == null) {
            return Optional.of("The command has no body");
        }
        if (key == null || !key.equals(command.body().project())) {
            return Optional.of("The command's record key \"" + key + "\" must be its project \""
                    + command.body().project() + "\"");
        }
        return Optional.empty();
    }

    private void answerUnreadable(InboundCommand inbound, String why) {
        if (inbound.operationId() == null) {
            LOG.warnf("Skipping a command that cannot be answered (no operationId): %s", why);
            return;
        }
        LOG.warnf("Refusing command %s of operation %s: %s", inbound.commandId(), inbound.operationId(), why);
        Command<InstanceCommand> ids = new Command<>(inbound.commandId(), inbound.operationId(), null, null, null);
        Outcome.failed(Result.failed(ids, ErrorCode.BAD_REQUEST, why, clock.instant())).apply(this);
    }

    private Outcome decide(Command<InstanceCommand> command, Instant now) {
        InstanceCommand body = command.body();
        String project = body.project();
        String revisionKey = "revision/" + project;
        long revision = counter(revisionKey) + 1;
        ProfileDecision decision = rules.decide(body,
                (p, name) -> Optional.ofNullable(profiles.get(Keys.resource(p, name))), revision, now);
        if (decision instanceof Rejected rejected) {
            return Outcome.failed(Result.failed(command, rejected.code(), rejected.message(), now));
        }
        Applied applied = (Applied) decision;
        Outcome outcome = new Outcome();
        outcome.counters.add(KeyValue.pair(revisionKey, revision));
        List<StateWrite> writes = new ArrayList<>();
        for (ProfileWrite write : applied.writes()) {
            String key = Keys.resource(write.project(), write.name());
            outcome.profiles.add(KeyValue.pair(key, write.profile()));
            outcome.records.add(new Output(InstanceTopology.PROFILES_SINK, key, PROFILE_JSON.serialize(null,
                    write.profile()), header(RecordHeaders.REVISION, Long.toString(write.revision()))));
            writes.add(new StateWrite(Topics.PROFILES.name(), key, write.revision()));
        }
        String eventKey = Keys.apiPath(COLLECTION, applied.project(), applied.name());
        long seq = counter("seq/" + eventKey) + 1;
        outcome.counters.add(KeyValue.pair("seq/" + eventKey, seq));
        String source = Keys.source(COLLECTION, applied.project(), applied.name());
        LifecycleEvent event = LifecycleEvent.of(UUID.randomUUID().toString(), seq, now, applied.project(), LOCATION,
                new LifecycleData(applied.action(), source, applied.context(), command.requestor()));
        outcome.records.add(new Output(InstanceTopology.LIFECYCLE_SINK, eventKey, EVENT_JSON.serialize(null, event),
                header(RecordHeaders.CONTENT_TYPE, RecordHeaders.CLOUDEVENTS_JSON)));
        outcome.result = Result.ok(command, source, writes, Map.of(), now);
        outcome.records.add(resultOutput(outcome.result));
        return outcome;
    }

    private long counter(String key) {
        Long value = counters.get(key);
        return value == null ? 0 : value;
    }

    private void send(Output output) {
        context.forward(new Record<>(output.key(), output.value(), clock.millis(), output.headers()), output.sink());
    }

    private static Output resultOutput(Result result) {
        return new Output(InstanceTopology.RESULTS_SINK, result.operationId(), RESULT_JSON.serialize(null, result),
                new org.apache.kafka.common.header.internals.RecordHeaders());
    }

    private static Headers header(String name, String value) {
        Headers headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    /** Forgets results of commands handled longer ago than the retention; a later repeat is decided afresh. */
    private void forgetOldCommands() {
        Instant cutoff = clock.instant().minus(commandRetention);
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, Result> all = handled.all()) {
            while (all.hasNext()) {
                KeyValue<String, Result> entry = all.next();
                if (entry.value == null || entry.value.at() == null || entry.value.at().isBefore(cutoff)) {
                    old.add(entry.key);
                }
            }
        }
        old.forEach(handled::delete);
        if (!old.isEmpty()) {
            LOG.debugf("Forgot %d handled commands older than %s", old.size(), commandRetention);
        }
    }

    /** One record to write to a sink, already serialized. */
    private record Output(String sink, String key, byte[] value, Headers headers) {
    }

    /** Everything one command causes, prepared before anything is written. */
    private static final class Outcome {
        private final List<KeyValue<String, Long>> counters = new ArrayList<>();
        private final List<KeyValue<String, Profile>> profiles = new ArrayList<>();
        private final List<Output> records = new ArrayList<>();
        private Result result;

        static Outcome failed(Result result) {
            Outcome outcome = new Outcome();
            outcome.result = result;
            outcome.records.add(resultOutput(result));
            return outcome;
        }

        void apply(CommandProcessor processor) {
            counters.forEach(kv -> processor.counters.put(kv.key, kv.value));
            profiles.forEach(kv -> {
                if (kv.value == null) {
                    processor.profiles.delete(kv.key);
                } else {
                    processor.profiles.put(kv.key, kv.value);
                }
            });
            boolean retriable = result.error() != null && result.error().retriable();
            if (result.commandId() != null && !retriable) {
                processor.handled.put(result.commandId(), result);
            }
            records.forEach(processor::send);
        }
    }
}
