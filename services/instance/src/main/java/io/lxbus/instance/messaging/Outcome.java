package io.lxbus.instance.messaging;

import io.lxbus.events.IdmapLedger;
import io.lxbus.events.Instance;
import io.lxbus.events.Keys;
import io.lxbus.events.LifecycleData;
import io.lxbus.events.LifecycleEvent;
import io.lxbus.events.Profile;
import io.lxbus.events.RecordHeaders;
import io.lxbus.events.Result;
import io.lxbus.events.StateWrite;
import io.lxbus.events.Topics;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.events.Snapshot;
import io.lxbus.instance.domain.Creation;
import io.lxbus.instance.domain.Restoration;
import io.lxbus.instance.domain.InstanceDecision.RestorationNote;
import io.lxbus.instance.domain.InstanceDecision.SnapshotWrite;
import io.lxbus.instance.domain.InstanceDecision.Applied;
import io.lxbus.instance.domain.InstanceDecision.CreationNote;
import io.lxbus.instance.domain.InstanceDecision.Fact;
import io.lxbus.instance.domain.InstanceDecision.InstanceWrite;
import io.lxbus.instance.domain.InstanceDecision.Reply;
import io.lxbus.instance.domain.InstanceReactions;
import io.lxbus.instance.domain.ScheduledSnapshots;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Everything one input record causes — store changes and serialized output records — prepared before anything is
 * written, then applied at once, so a failure half-way cannot leave half an outcome in the transaction.
 */
final class Outcome {
    private static final JsonSerde<Profile> PROFILE_JSON = JsonSerde.of(Profile.class);
    private static final JsonSerde<Instance> INSTANCE_JSON = JsonSerde.of(Instance.class);
    private static final JsonSerde<Snapshot> SNAPSHOT_JSON = JsonSerde.of(Snapshot.class);
    private static final JsonSerde<LifecycleEvent> EVENT_JSON = JsonSerde.of(LifecycleEvent.class);
    private static final JsonSerde<Result> RESULT_JSON = JsonSerde.of(Result.class);
    static final String LOCATION = "none";
    static final String INSTANCES = "instances";

    private final Map<String, Long> counters = new LinkedHashMap<>();
    private final Map<String, Profile> profiles = new LinkedHashMap<>();
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    /** Instances this outcome tombstones, as they were. */
    private final List<Instance> removed = new ArrayList<>();
    private final Map<String, Creation> creations = new LinkedHashMap<>();
    private final Map<String, Snapshot> snapshots = new LinkedHashMap<>();
    private final Map<String, Restoration> restorations = new LinkedHashMap<>();
    private final List<Output> records = new ArrayList<>();
    private final List<StateWrite> writes = new ArrayList<>();
    private final List<Result> results = new ArrayList<>();
    private final Function<String, Long> storedCounter;
    private final Function<String, Instance> storedInstance;
    /** Events so far: each later event of one input is stamped a nanosecond later, so time order is emit order. */
    private int events;

    Outcome(Function<String, Long> storedCounter, Function<String, Instance> storedInstance) {
        this.storedCounter = storedCounter;
        this.storedInstance = storedInstance;
    }

    /** An outcome that is only an answer. */
    static Outcome answer(Result result) {
        Outcome outcome = new Outcome(key -> 0L, key -> null);
        outcome.result(result);
        return outcome;
    }

    long counter(String key) {
        Long staged = counters.get(key);
        if (staged != null) {
            return staged;
        }
        Long stored = storedCounter.apply(key);
        return stored == null ? 0 : stored;
    }

    void counter(String key, long value) {
        counters.put(key, value);
    }

    /** The state records written so far, for the answer. */
    List<StateWrite> writes() {
        return List.copyOf(writes);
    }

    List<Result> results() {
        return results;
    }

    void profile(String key, Profile profile, long revision) {
        profiles.put(key, profile);
        records.add(new Output(InstanceTopology.PROFILES_SINK, key, PROFILE_JSON.serialize(null, profile),
                header(RecordHeaders.REVISION, Long.toString(revision))));
        writes.add(new StateWrite(Topics.PROFILES.name(), key, revision));
    }

    /**
     * An instance record (null: its tombstone), written to {@code lxbus.instance.instances} and, in the same
     * transaction, again to the idmap service's one ledger partition when it changes what that service reads
     * ({@link IdmapLedger#copies}; see the idmap service's DESIGN.md).
     */
    void instance(String key, Instance instance, long revision) {
        Instance previous = instances.containsKey(key) ? instances.get(key) : storedInstance.apply(key);
        instances.put(key, instance);
        if (instance == null && previous != null) {
            removed.add(previous);
        }
        byte[] value = INSTANCE_JSON.serialize(null, instance);
        String revisionText = Long.toString(revision);
        records.add(new Output(InstanceTopology.INSTANCES_SINK, key, value,
                header(RecordHeaders.REVISION, revisionText)));
        if (IdmapLedger.copies(previous, instance)) {
            records.add(new Output(InstanceTopology.IDMAP_LEDGER_SINK, key, value,
                    header(RecordHeaders.REVISION, revisionText)));
        }
        writes.add(new StateWrite(Topics.INSTANCES.name(), key, revision));
    }

    void snapshot(String key, Snapshot snapshot, long revision) {
        snapshots.put(key, snapshot);
        records.add(new Output(InstanceTopology.SNAPSHOTS_SINK, key, SNAPSHOT_JSON.serialize(null, snapshot),
                header(RecordHeaders.REVISION, Long.toString(revision))));
        writes.add(new StateWrite(Topics.SNAPSHOTS.name(), key, revision));
    }

    void event(String collection, String project, String name, String action, Map<String, Object> context,
               io.lxbus.events.Requestor requestor, Instant now) {
        String eventKey = Keys.apiPath(collection, project, name);
        long seq = counter("seq/" + eventKey) + 1;
        counter("seq/" + eventKey, seq);
        LifecycleEvent event = LifecycleEvent.of(UUID.randomUUID().toString(), seq, now.plusNanos(events++), project,
                LOCATION, new LifecycleData(action, Keys.source(collection, project, name), context, requestor));
        records.add(new Output(InstanceTopology.LIFECYCLE_SINK, eventKey, EVENT_JSON.serialize(null, event),
                header(RecordHeaders.CONTENT_TYPE, RecordHeaders.CLOUDEVENTS_JSON)));
    }

    void result(Result result) {
        results.add(result);
        records.add(resultOutput(result));
    }

    /** Adds an instance decision: its records at {@code revision}, its events, and its answer listing every write. */
    void instances(Applied applied, long revision, Instant now) {
        for (InstanceWrite write : applied.writes()) {
            instance(Keys.resource(write.project(), write.name()), write.instance(), revision);
        }
        for (SnapshotWrite write : applied.snapshots()) {
            snapshot(write.key(), write.snapshot(), revision);
        }
        for (RestorationNote note : applied.restorations()) {
            restorations.put(Keys.resource(note.project(), note.name()), note.restoration());
        }
        for (Fact fact : applied.facts()) {
            event(INSTANCES, fact.project(), fact.name(), fact.action(), fact.context(), fact.requestor(), now);
        }
        for (CreationNote note : applied.creations()) {
            creations.put(Keys.resource(note.project(), note.name()), note.creation());
        }
        Reply reply = applied.reply();
        if (reply != null && !reply.operationId().startsWith(InstanceReactions.INTERNAL)) {
            result(new Result(reply.operationId(), reply.commandId(), reply.success(), reply.error(),
                    reply.message(), Keys.source(INSTANCES, reply.project(), reply.name()), writes(), Map.of(), now));
        }
    }

    void apply(StoreWorld world, KeyValueStoreWriter<Long> counterStore, KeyValueStoreWriter<Result> handled,
               java.util.function.Consumer<Output> send) {
        forgetScheduleMarksOfDeletedInstances();
        counters.forEach(counterStore::put);
        profiles.forEach((key, value) -> put(world.profiles, key, value));
        instances.forEach((key, value) -> put(world.instances, key, value));
        creations.forEach((key, value) -> put(world.creations, key, value));
        snapshots.forEach((key, value) -> put(world.snapshots, key, value));
        restorations.forEach((key, value) -> put(world.restorations, key, value));
        for (Result result : results) {
            boolean retriable = result.error() != null && result.error().retriable();
            if (result.commandId() != null && !retriable) {
                handled.put(result.commandId(), result);
            }
        }
        records.forEach(send);
    }

    /** A deleted instance's last scheduled minute goes with it; a renamed one (same uuid, new key) keeps it. */
    private void forgetScheduleMarksOfDeletedInstances() {
        for (Instance gone : removed) {
            boolean renamed = instances.values().stream()
                    .anyMatch(kept -> kept != null && java.util.Objects.equals(kept.uuid(), gone.uuid()));
            if (!renamed) {
                counters.put(ScheduledSnapshots.markKey(gone), null);
            }
        }
    }

    private static <V> void put(org.apache.kafka.streams.state.KeyValueStore<String, V> store, String key, V value) {
        if (value == null) {
            store.delete(key);
        } else {
            store.put(key, value);
        }
    }

    static Output resultOutput(Result result) {
        return new Output(InstanceTopology.RESULTS_SINK, result.operationId(), RESULT_JSON.serialize(null, result),
                new org.apache.kafka.common.header.internals.RecordHeaders());
    }

    private static Headers header(String name, String value) {
        Headers headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    /** Where a store change goes. */
    @FunctionalInterface
    interface KeyValueStoreWriter<V> {
        void put(String key, V value);
    }

    /** One record to write to a sink, already serialized. */
    record Output(String sink, String key, byte[] value, Headers headers) {
    }
}
