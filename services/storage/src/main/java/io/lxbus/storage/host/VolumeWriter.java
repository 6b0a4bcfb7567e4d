package io.lxbus.storage.host;

import io.lxbus.events.Keys;
import io.lxbus.events.Topics;
import io.lxbus.events.Volume;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.storage.messaging.HostView;
import io.lxbus.storage.messaging.LedgerRecord;
import io.lxbus.storage.messaging.StorageLedger;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Writes volume records (several in one transaction when they belong together) and keeps the view current. */
final class VolumeWriter {
    private static final JsonSerde<Volume> VOLUME = JsonSerde.of(Volume.class);

    private final StorageLedger ledger;
    private final HostView view;
    private final List<Pending> pending = new ArrayList<>();

    VolumeWriter(StorageLedger ledger, HostView view) {
        this.ledger = ledger;
        this.view = view;
    }

    /** Adds a record (revision set here) to the next commit. */
    VolumeWriter put(Volume volume) {
        String key = Keys.volume(volume.project(), volume.pool(), volume.type(), volume.name());
        long revision = next(key);
        Volume stamped = new Volume(volume.project(), volume.pool(), volume.type(), volume.name(),
                volume.contentType(), volume.description(), volume.config(), volume.host(), volume.path(),
                volume.instanceUuid(), volume.sourceImage(), volume.status(), volume.error(), revision,
                volume.createdAt(), volume.snapshotUuid(), volume.lastOperationId());
        pending.add(new Pending(key, stamped, revision));
        return this;
    }

    /** Adds a tombstone to the next commit. */
    VolumeWriter delete(String key) {
        pending.add(new Pending(key, null, next(key)));
        return this;
    }

    /** Writes everything added, in one transaction. */
    void commit() {
        List<LedgerRecord> records = new ArrayList<>();
        for (Pending p : pending) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(new RecordHeader(io.lxbus.events.RecordHeaders.REVISION,
                    Long.toString(p.revision).getBytes(StandardCharsets.UTF_8)));
            records.add(new LedgerRecord(Topics.VOLUMES, p.key, VOLUME.serialize(null, p.volume), headers, true));
        }
        try {
            if (!records.isEmpty()) {
                ledger.commit(records);
                pending.forEach(p -> view.wroteVolume(p.key, p.volume, p.revision));
            }
        } finally {
            pending.clear();
        }
    }

    private long next(String key) {
        long last = view.volumeRevisions.getOrDefault(key, 0L);
        for (Pending p : pending) {
            if (p.key.equals(key)) {
                last = Math.max(last, p.revision);
            }
        }
        return last + 1;
    }

    private record Pending(String key, Volume volume, long revision) {
    }
}
