package io.lxbus.storage.messaging;

import io.lxbus.common.InboundCommand;
import io.lxbus.events.Command;
import io.lxbus.events.ErrorCode;
import io.lxbus.events.Image;
import io.lxbus.events.ImageAlias;
import io.lxbus.events.Keys;
import io.lxbus.events.LifecycleData;
import io.lxbus.events.LifecycleEvent;
import io.lxbus.events.RecordHeaders;
import io.lxbus.events.Result;
import io.lxbus.events.StateWrite;
import io.lxbus.events.StorageCommand;
import io.lxbus.events.Topics;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.storage.domain.CatalogDecision;
import io.lxbus.storage.domain.CatalogDecision.AliasWrite;
import io.lxbus.storage.domain.CatalogDecision.Applied;
import io.lxbus.storage.domain.CatalogDecision.Fact;
import io.lxbus.storage.domain.CatalogDecision.ImageWrite;
import io.lxbus.storage.domain.CatalogDecision.Rejected;
import io.lxbus.storage.domain.CatalogDecision.Write;
import io.lxbus.storage.domain.CatalogRules;
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
 * Handles the image and alias commands of the projects its task owns: answers repeats from the
 * handled-commands store, otherwise decides with {@link CatalogRules} and writes state, one lifecycle event and
 * the result. Everything one command causes is serialized before the first write.
 */
final class CommandProcessor implements Processor<String, InboundCommand<StorageCommand>, String, byte[]> {
    private static final Logger LOG = Logger.getLogger(CommandProcessor.class);
    private static final JsonSerde<Image> IMAGE_JSON = JsonSerde.of(Image.class);
    private static final JsonSerde<ImageAlias> ALIAS_JSON = JsonSerde.of(ImageAlias.class);
    private static final JsonSerde<LifecycleEvent> EVENT_JSON = JsonSerde.of(LifecycleEvent.class);
    private static final JsonSerde<Result> RESULT_JSON = JsonSerde.of(Result.class);
    static final String LOCATION = "none";
    private static final Duration FORGET_EVERY = Duration.ofMinutes(10);

    private final CatalogRules rules = new CatalogRules();
    private final Clock clock;
    private final Duration commandRetention;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, Image> images;
    private KeyValueStore<String, ImageAlias> aliases;
    private KeyValueStore<String, Result> handled;
    private KeyValueStore<String, Long> counters;
    private StoreCatalog catalog;

    CommandProcessor(Clock clock, Duration commandRetention) {
        this.clock = clock;
        this.commandRetention = commandRetention;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.images = context.getStateStore(StoreNames.IMAGES);
        this.aliases = context.getStateStore(StoreNames.ALIASES);
        this.handled = context.getStateStore(StoreNames.HANDLED_COMMANDS);
        this.counters = context.getStateStore(StoreNames.COUNTERS);
        this.catalog = new StoreCatalog(images, aliases, counters);
        context.schedule(FORGET_EVERY, PunctuationType.WALL_CLOCK_TIME, ignored -> forgetOldCommands());
    }

    @Override
    public void process(Record<String, InboundCommand<StorageCommand>> record) {
        InboundCommand<StorageCommand> inbound = record.value();
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
        Optional<String> unreadable = unreadable(record.key(), inbound);
        if (unreadable.isPresent()) {
            answerUnreadable(inbound, unreadable.get());
            return;
        }
        Command<StorageCommand> command = inbound.command();
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

    private static Optional<String> unreadable(String key, InboundCommand<StorageCommand> inbound) {
        if (!inbound.readable()) {
            return Optional.of("Cannot read the command: " + inbound.problem());
        }
        Command<StorageCommand> command = inbound.command();
        if (command.commandId() == null || command.commandId().isEmpty()) {
            return Optional.of("The command has no commandId");
        }
        if (command.body() == null) {
            return Optional.of("The command has no body");
        }
        if (command.body().project() == null || command.body().project().isEmpty()) {
            return Optional.of("The command names no project");
        }
        if (key == null || !key.equals(command.body().project())) {
            return Optional.of("The command's record key \"" + key + "\" must be its project \""
                    + command.body().project() + "\"");
        }
        return Optional.empty();
    }

    private void answerUnreadable(InboundCommand<StorageCommand> inbound, String why) {
        if (inbound.operationId() == null) {
            LOG.warnf("Skipping a command that cannot be answered (no operationId): %s", why);
            return;
        }
        LOG.warnf("Refusing command %s of operation %s: %s", inbound.commandId(), inbound.operationId(), why);
        Command<StorageCommand> ids = new Command<>(inbound.commandId(), inbound.operationId(), null, null, null);
        Outcome.failed(Result.failed(ids, ErrorCode.BAD_REQUEST, why, clock.instant())).apply(this);
    }

    private Outcome decide(Command<StorageCommand> command, Instant now) {
        CatalogDecision decision = rules.decide(command.body(), catalog);
        if (decision instanceof Rejected rejected) {
            return Outcome.failed(Result.failed(command, rejected.code(), rejected.message(), now));
        }
        Applied applied = (Applied) decision;
        Outcome outcome = new Outcome();
        List<StateWrite> writes = new ArrayList<>();
        for (Write write : applied.writes()) {
            if (write instanceof ImageWrite image) {
                String key = Keys.resource(image.project(), image.fingerprint());
                outcome.images.add(KeyValue.pair(key, image.image()));
                outcome.counters.add(KeyValue.pair(StoreNames.imageRevision(key), image.revision()));
                outcome.records.add(new Output(StorageTopology.IMAGES_SINK, key,
                        IMAGE_JSON.serialize(null, image.image()), revisionHeader(image.revision())));
                writes.add(new StateWrite(Topics.IMAGES.name(), key, image.revision()));
            } else if (write instanceof AliasWrite alias) {
                String key = Keys.resource(alias.project(), alias.name());
                outcome.aliases.add(KeyValue.pair(key, alias.alias()));
                outcome.counters.add(KeyValue.pair(StoreNames.aliasRevision(key), alias.revision()));
                outcome.records.add(new Output(StorageTopology.ALIASES_SINK, key,
                        ALIAS_JSON.serialize(null, alias.alias()), revisionHeader(alias.revision())));
                writes.add(new StateWrite(Topics.IMAGE_ALIASES.name(), key, alias.revision()));
            }
        }
        Fact fact = applied.fact();
        String eventKey = Keys.apiPath(fact.collection(), fact.project(), fact.name());
        long seq = catalog.lastSeq(eventKey) + 1;
        outcome.counters.add(KeyValue.pair(StoreNames.seq(eventKey), seq));
        String source = Keys.source(fact.collection(), fact.project(), fact.name());
        LifecycleEvent event = LifecycleEvent.of(UUID.randomUUID().toString(), seq, now, fact.project(), LOCATION,
                new LifecycleData(fact.action(), source, fact.context(), command.requestor()));
        outcome.records.add(new Output(StorageTopology.LIFECYCLE_SINK, eventKey, EVENT_JSON.serialize(null, event),
                header(RecordHeaders.CONTENT_TYPE, RecordHeaders.CLOUDEVENTS_JSON)));
        Map<String, Object> metadata = CatalogRules.IMAGES.equals(fact.collection())
                ? Map.of("fingerprint", fact.name()) : Map.of();
        outcome.result = Result.ok(command, source, writes, metadata, now);
        outcome.records.add(resultOutput(outcome.result));
        return outcome;
    }

    /** Writes one output and asks for a commit now, so it becomes visible at once (see application.properties). */
    private void send(Output output) {
        context.forward(new Record<>(output.key(), output.value(), clock.millis(), output.headers()), output.sink());
        context.commit();
    }

    private static Output resultOutput(Result result) {
        return new Output(StorageTopology.RESULTS_SINK, result.operationId(), RESULT_JSON.serialize(null, result),
                new org.apache.kafka.common.header.internals.RecordHeaders());
    }

    static Headers revisionHeader(long revision) {
        return header(RecordHeaders.REVISION, Long.toString(revision));
    }

    static Headers header(String name, String value) {
        Headers headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

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
    }

    /** One record to write to a sink, already serialized. */
    private record Output(String sink, String key, byte[] value, Headers headers) {
    }

    /** Everything one command causes, prepared before anything is written. */
    private static final class Outcome {
        private final List<KeyValue<String, Long>> counters = new ArrayList<>();
        private final List<KeyValue<String, Image>> images = new ArrayList<>();
        private final List<KeyValue<String, ImageAlias>> aliases = new ArrayList<>();
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
            images.forEach(kv -> put(processor.images, kv));
            aliases.forEach(kv -> put(processor.aliases, kv));
            boolean retriable = result.error() != null && result.error().retriable();
            if (result.commandId() != null && !retriable) {
                processor.handled.put(result.commandId(), result);
            }
            records.forEach(processor::send);
        }

        private static <V> void put(KeyValueStore<String, V> store, KeyValue<String, V> kv) {
            if (kv.value == null) {
                store.delete(kv.key);
            } else {
                store.put(kv.key, kv.value);
            }
        }
    }
}
