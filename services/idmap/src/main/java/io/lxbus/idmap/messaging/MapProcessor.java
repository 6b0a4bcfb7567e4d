package io.lxbus.idmap.messaging;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lxbus.events.IdMap;
import io.lxbus.events.IdmapEntry;
import io.lxbus.events.IdmapLedger;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.Keys;
import io.lxbus.events.PendingAction;
import io.lxbus.events.RecordHeaders;
import io.lxbus.events.SharedIdmap;
import io.lxbus.events.wire.Json;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.idmap.domain.IdRange;
import io.lxbus.idmap.domain.MapDecision;
import io.lxbus.idmap.domain.MapPlanner;
import io.lxbus.idmap.domain.MapRequest;
import io.lxbus.idmap.domain.RootAllocation;
import io.lxbus.idmap.domain.TakenRange;
import org.apache.kafka.common.errors.SerializationException;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Keeps one id map per live instance: decides it when the instance is being created, when its map-relevant config
 * changes or when the instance service asks ({@code remap}); moves it when the same uuid appears under a new name;
 * tombstones it when the instance is deleted. Whatever was written is in {@link StoreNames#MAPS}, so a redelivered
 * instance record writes nothing, and the isolated ranges there are the ledger new isolated maps avoid. Every
 * {@link #SHARED_CHECK} it also writes the {@link SharedIdmap} when root's allocation gives another one than it last
 * wrote (and once after each start), so the instance service can give it to new instances at once.
 */
final class MapProcessor implements Processor<String, byte[], String, byte[]> {
    /** The pending action the instance service sets while it waits for a changed map. */
    static final String REMAP = IdmapLedger.REMAP;
    private static final Logger LOG = Logger.getLogger(MapProcessor.class);
    private static final JsonSerde<Instance> INSTANCE_JSON = JsonSerde.of(Instance.class);
    private static final JsonSerde<IdMap> MAP_JSON = JsonSerde.of(IdMap.class);
    private static final TypeReference<List<IdmapEntry>> ENTRIES = new TypeReference<>() { };
    private static final String IDMAP_NEXT = "volatile.idmap.next";
    private static final String IDMAP_BASE = "volatile.idmap.base";
    private static final JsonSerde<SharedIdmap> SHARED_JSON = JsonSerde.of(SharedIdmap.class);
    /** How often the shared map is checked against root's allocation (the files are only stat'ed when unchanged). */
    static final Duration SHARED_CHECK = Duration.ofSeconds(2);

    private final Supplier<RootAllocation> allocation;
    private final Clock clock;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, WrittenMap> maps;
    private KeyValueStore<String, String> keysByUuid;
    private KeyValueStore<String, Long> counters;
    /** The shared map last written by this instance of the processor (null: none yet since it started). */
    private SharedIdmap shared;

    MapProcessor(Supplier<RootAllocation> allocation, Clock clock) {
        this.allocation = allocation;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.maps = context.getStateStore(StoreNames.MAPS);
        this.keysByUuid = context.getStateStore(StoreNames.KEYS_BY_UUID);
        this.counters = context.getStateStore(StoreNames.COUNTERS);
        context.schedule(SHARED_CHECK, PunctuationType.WALL_CLOCK_TIME, now -> publishShared());
    }

    /** Writes the shared map if root's allocation now gives another one (or an error instead) than last written. */
    void publishShared() {
        MapDecision decision = MapPlanner.decide(MapRequest.DEFAULT, allocation.get(), List.of());
        SharedIdmap next = decision instanceof MapDecision.Mapped mapped
                ? new SharedIdmap(mapped.entries(), mapped.base(), null, clock.instant())
                : new SharedIdmap(List.of(), 0, ((MapDecision.Refused) decision).message(), clock.instant());
        if (shared != null && shared.entries().equals(next.entries()) && shared.base() == next.base()
                && Objects.equals(shared.error(), next.error())) {
            return;
        }
        LOG.infof("Shared id map: %s", next.error() != null ? next.error() : next.entries());
        shared = next;
        context.forward(new Record<>(SharedIdmap.KEY, SHARED_JSON.serialize(null, next), clock.millis()),
                IdmapTopology.SHARED_SINK);
        context.commit();
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String key = record.key();
        if (key == null) {
            LOG.warn("Skipping an instance record without a key");
            return;
        }
        if (record.value() == null) {
            forget(key);
            return;
        }
        Instance instance;
        try {
            instance = INSTANCE_JSON.deserialize(null, record.value());
        } catch (SerializationException e) {
            LOG.warnf("Skipping instance record %s that cannot be read: %s", key, e.getCause());
            return;
        }
        if (instance.status() == InstanceStatus.DELETING) {
            forget(key);
            return;
        }
        MapRequest request = MapRequest.of(instance.expandedConfig());
        PendingAction pending = instance.pending();
        String operation = pending == null ? null : pending.operationId();
        WrittenMap written = maps.get(key);
        if (written == null && instance.uuid() != null) {
            written = moveFromOldName(key, instance);
        }
        if (written == null) {
            if (instance.status() == InstanceStatus.CREATING) {
                decide(key, instance, request, null, operation);
            } else {
                adoptCurrentMap(key, instance, request);
            }
            return;
        }
        boolean remap = pending != null && REMAP.equals(pending.action())
                && !operation.equals(written.map().operationId());
        if (request.equals(written.request())) {
            if (remap || written.map().error() != null) {
                LOG.debugf("Map of %s stands (%s)", key, remap ? "asked again" : "refused change undone");
                write(key, new WrittenMap(withAnswer(written.map(), instance, null, remap ? operation : null),
                        written.request(), instance.host(), written.isolatedRange(), null));
            }
            return;
        }
        if (request.equals(written.refused()) && !remap) {
            return;
        }
        LOG.infof("Map-relevant config of %s changed (%s → %s); deciding its map again", key, written.request(),
                request);
        decide(key, instance, request, written, operation);
    }

    /** Decides the map for {@code request} with root's allocation as the files say now, and writes it. */
    private void decide(String key, Instance instance, MapRequest request, WrittenMap previous, String operation) {
        MapDecision decision = MapPlanner.decide(request, allocation.get(), ledger(instance.host(), key));
        if (decision instanceof MapDecision.Mapped mapped) {
            IdMap map = new IdMap(instance.project(), instance.name(), instance.uuid(), mapped.entries(), mapped.base(),
                    mapped.isolated(), null, clock.instant(), operation);
            LOG.debugf("Id map for %s: base %d, %s", key, map.base(), map.entries());
            write(key, new WrittenMap(map, request, instance.host(), mapped.isolatedRange(), null));
            return;
        }
        String message = ((MapDecision.Refused) decision).message();
        LOG.warnf("No id map for %s: %s", key, message);
        if (previous != null && previous.request() != null) {
            write(key, new WrittenMap(withAnswer(previous.map(), instance, message, operation), previous.request(),
                    instance.host(), previous.isolatedRange(), request));
        } else {
            write(key, new WrittenMap(new IdMap(instance.project(), instance.name(), instance.uuid(), List.of(), 0,
                    false, message, clock.instant(), operation), null, instance.host(), null, request));
        }
    }

    /** The isolated ranges every other instance on {@code host} holds (the ledger is this task's whole store). */
    private List<TakenRange> ledger(String host, String key) {
        List<TakenRange> taken = new ArrayList<>();
        try (KeyValueIterator<String, WrittenMap> all = maps.all()) {
            while (all.hasNext()) {
                KeyValue<String, WrittenMap> entry = all.next();
                WrittenMap other = entry.value;
                if (other.isolatedRange() != null && !entry.key.equals(key) && Objects.equals(other.host(), host)) {
                    taken.add(new TakenRange(other.isolatedRange(), "instance \"" + other.map().instance()
                            + "\" in project \"" + other.map().project() + "\""));
                }
            }
        }
        return taken;
    }

    /** The same map as an answer to the instance's current state: its name, the error (or none), the operation. */
    private IdMap withAnswer(IdMap map, Instance instance, String error, String operation) {
        return new IdMap(instance.project(), instance.name(), map.instanceUuid(), map.entries(), map.base(),
                map.isolated(), error, clock.instant(), operation);
    }

    /** The same uuid under a new key: the map written under the old key moves here unchanged. */
    private WrittenMap moveFromOldName(String key, Instance instance) {
        String oldKey = keysByUuid.get(instance.uuid());
        if (oldKey == null || oldKey.equals(key)) {
            return null;
        }
        WrittenMap old = maps.get(oldKey);
        if (old == null) {
            return null;
        }
        IdMap map = old.map();
        WrittenMap moved = new WrittenMap(new IdMap(instance.project(), instance.name(), map.instanceUuid(),
                map.entries(), map.base(), map.isolated(), map.error(), map.at(), map.operationId()), old.request(),
                old.host(), old.isolatedRange(), old.refused());
        LOG.debugf("Instance %s was renamed to %s; moving its map", oldKey, key);
        write(key, moved);
        forget(oldKey);
        return moved;
    }

    /**
     * A live instance this service holds no map for (its store was lost, or a rename's tombstone came first) already
     * carries its map in {@code volatile.idmap.next}: record that map (and its isolated range) rather than deciding
     * a new one.
     */
    private void adoptCurrentMap(String key, Instance instance, MapRequest request) {
        String next = instance.config() == null ? null : instance.config().get(IDMAP_NEXT);
        if (next == null || next.isBlank()) {
            return;
        }
        try {
            List<IdmapEntry> entries = Json.mapper().readValue(next, ENTRIES);
            String baseText = instance.config().get(IDMAP_BASE);
            long base = baseText != null && baseText.matches("\\d{1,10}") ? Long.parseLong(baseText) : 0;
            IdRange isolated = null;
            if (request.isolated() && !request.privileged() && base > 0) {
                long size = entries.stream().filter(e -> e.isuid() && e.hostid() == base).mapToLong(IdmapEntry::maprange)
                        .findFirst().orElse(MapPlanner.DEFAULT_ISOLATED_SIZE);
                isolated = new IdRange(base, Optional.ofNullable(request.isolatedSize()).filter(s -> s.matches("\\d+"))
                        .map(Long::parseLong).orElse(size));
            }
            LOG.infof("Recording the map %s already carries", key);
            write(key, new WrittenMap(new IdMap(instance.project(), instance.name(), instance.uuid(), entries, base,
                    isolated != null, null, clock.instant(), null), request, instance.host(), isolated, null));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warnf("Instance %s has an unreadable %s (%s); leaving it without a map record", key, IDMAP_NEXT,
                    e.getMessage());
        }
    }

    private void write(String key, WrittenMap written) {
        maps.put(key, written);
        if (written.map().instanceUuid() != null) {
            keysByUuid.put(written.map().instanceUuid(), key);
        }
        send(key, MAP_JSON.serialize(null, written.map()));
    }

    /** Tombstones the map under {@code key}, if one was written; its isolated range is free again. */
    private void forget(String key) {
        WrittenMap written = maps.get(key);
        if (written == null) {
            return;
        }
        maps.delete(key);
        String uuid = written.map().instanceUuid();
        if (uuid != null && key.equals(keysByUuid.get(uuid))) {
            keysByUuid.delete(uuid);
        }
        send(key, null);
    }

    private void send(String key, byte[] value) {
        String counter = "revision/" + Keys.projectOf(key);
        long revision = Optional.ofNullable(counters.get(counter)).orElse(0L) + 1;
        counters.put(counter, revision);
        Headers headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add(new RecordHeader(RecordHeaders.REVISION, Long.toString(revision).getBytes(StandardCharsets.UTF_8)));
        context.forward(new Record<>(key, value, clock.millis(), headers), IdmapTopology.MAPS_SINK);
        context.commit();
    }
}
