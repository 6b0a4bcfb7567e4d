package io.lxbus.instance.messaging;

import io.lxbus.events.wire.Json;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/** Keeps a global store equal to its compacted topic: a record is put, a tombstone deletes, garbage is skipped. */
final class GlobalStoreUpdater<V> implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = Logger.getLogger(GlobalStoreUpdater.class);

    private final String storeName;
    private final Class<V> type;
    private KeyValueStore<String, V> store;

    GlobalStoreUpdater(String storeName, Class<V> type) {
        this.storeName = storeName;
        this.type = type;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        try {
            store.put(record.key(), Json.mapper().readValue(record.value(), type));
        } catch (Exception e) {
            LOG.warnf("Skipping an unreadable %s record (key %s): %s", type.getSimpleName(), record.key(), e);
        }
    }
}
