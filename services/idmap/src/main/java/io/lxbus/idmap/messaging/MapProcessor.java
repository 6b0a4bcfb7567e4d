package io.lxbus.idmap.messaging;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lxbus.events.IdMap;
import io.lxbus.events.IdmapEntry;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.Keys;
import io.lxbus.events.RecordHeaders;
import io.lxbus.events.wire.Json;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.idmap.domain.MapDecision;
import io.lxbus.idmap.domain.MapPlanner;
import io.lxbus.idmap.domain.MapRequest;
import io.lxbus.idmap.domain.RootAllocation;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Keeps one id map per live instance: decides it when the instance is being created or its map-relevant config
 * changes, moves it when the same uuid appears under a new name, and tombstones it when the instance is deleted.
 * Whatever was written is in {@link StoreNames#MAPS}, so a redelivered instance record writes nothing.
 */
final class MapProcessor implements Processor<String, byte[], String, byte[]> {
    private static final Logger LOG = Logger.getLogger(MapProcessor.class);
    private static final JsonSerde<Instance> INSTANCE_JSON = JsonSerde.of(Instance.class);
    private static final JsonSerde<IdMap> MAP_JSON = JsonSerde.of(IdMap.class);
    private static final TypeReference<List<IdmapEntry>> ENTRIES = new TypeReference<>() { };
    private static final String IDMAP_NEXT = "volatile.idmap.next";
    private static final String IDMAP_BASE = "volatile.idmap.base";

    private final Supplier<RootAllocation> allocation;
    private final Clock clock;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, WrittenMap> maps;
    private KeyValueStore<String, String> keysByUuid;
    private KeyValueStore<String, Long> counters;

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
        WrittenMap written = maps.get(key);
        if (written == null && instance.uuid() != null) {
            written = moveFromOldName(key, instance);
        }
        if (written != null) {
            if (!written.request().equals(request)) {
                LOG.infof("Map-relevant config of %s changed (%s → %s); deciding its map again", key,
                        written.request(), request);
                decide(key, instance, request);
            }
            return;
        }
        if (instance.status() == InstanceStatus.CREATING) {
            decide(key, instance, request);
        } else {
            adoptCurrentMap(key, instance, request);
        }
    }

    /** Decides the map for {@code request} with root's allocation as the files say now, and writes it. */
    private void decide(String key, Instance instance, MapRequest request) {
        MapDecision decision = MapPlanner.decide(request, allocation.get());
        IdMap map;
        if (decision instanceof MapDecision.Mapped mapped) {
            map = new IdMap(instance.project(), instance.name(), instance.uuid(), mapped.entries(), mapped.base(),
                    mapped.isolated(), null, clock.instant());
        } else {
            map = new IdMap(instance.project(), instance.name(), instance.uuid(), List.of(), 0, false,
                    ((MapDecision.Refused) decision).message(), clock.instant());
        }
        if (map.error() != null) {
            LOG.warnf("No id map for %s: %s", key, map.error());
        } else {
            LOG.debugf("Id map for %s: base %d, %s", key, map.base(), map.entries());
        }
        write(key, new WrittenMap(map, request));
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
                map.entries(), map.base(), map.isolated(), map.error(), map.at()), old.request());
        LOG.debugf("Instance %s was renamed to %s; moving its map", oldKey, key);
        write(key, moved);
        forget(oldKey);
        return moved;
    }

    /**
     * A live instance this service holds no map for (its store was lost, or a rename's tombstone came first) already
     * carries its map in {@code volatile.idmap.next}: record that map rather than deciding a new one.
     */
    private void adoptCurrentMap(String key, Instance instance, MapRequest request) {
        String next = instance.config() == null ? null : instance.config().get(IDMAP_NEXT);
        if (next == null || next.isBlank()) {
            return;
        }
        try {
            List<IdmapEntry> entries = Json.mapper().readValue(next, ENTRIES);
            String base = instance.config().get(IDMAP_BASE);
            long hostBase = base != null && base.matches("\\d+") ? Long.parseLong(base)
                    : entries.stream().filter(IdmapEntry::isuid).mapToLong(IdmapEntry::hostid).findFirst().orElse(0);
            LOG.infof("Recording the map %s already carries", key);
            write(key, new WrittenMap(new IdMap(instance.project(), instance.name(), instance.uuid(), entries,
                    hostBase, false, null, clock.instant()), request));
        } catch (IOException e) {
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

    /** Tombstones the map under {@code key}, if one was written. */
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
    }
}
