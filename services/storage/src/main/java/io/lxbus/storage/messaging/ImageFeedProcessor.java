package io.lxbus.storage.messaging;

import io.lxbus.events.Image;
import io.lxbus.events.RecordHeaders;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.events.Keys;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;

/**
 * Reads the image topic back into the image store. The command processor's own writes come back with a revision
 * it already holds and are skipped; an import (written by the internal API's producer) brings a newer revision
 * and the seq its {@code image-created} event took, so later events of that image continue the sequence.
 */
final class ImageFeedProcessor implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = Logger.getLogger(ImageFeedProcessor.class);
    private static final JsonSerde<Image> IMAGE_JSON = JsonSerde.of(Image.class);

    private KeyValueStore<String, Image> images;
    private KeyValueStore<String, Long> counters;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.images = context.getStateStore(StoreNames.IMAGES);
        this.counters = context.getStateStore(StoreNames.COUNTERS);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Long revision = longHeader(record.headers(), RecordHeaders.REVISION);
        if (record.key() == null || revision == null) {
            LOG.warnf("Skipping an image record without key or revision (key %s)", record.key());
            return;
        }
        String revisionKey = StoreNames.imageRevision(record.key());
        Long known = counters.get(revisionKey);
        if (known != null && revision <= known) {
            return;
        }
        counters.put(revisionKey, revision);
        if (record.value() == null) {
            images.delete(record.key());
        } else {
            images.put(record.key(), IMAGE_JSON.deserialize(null, record.value()));
        }
        Long seq = longHeader(record.headers(), StorageHeaders.EVENT_SEQ);
        if (seq != null) {
            String fingerprint = record.key().substring(record.key().indexOf('/') + 1);
            String seqKey = StoreNames.seq(Keys.apiPath("images", Keys.projectOf(record.key()), fingerprint));
            Long last = counters.get(seqKey);
            if (last == null || seq > last) {
                counters.put(seqKey, seq);
            }
        }
    }

    private static Long longHeader(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        if (header == null) {
            return null;
        }
        try {
            return Long.parseLong(new String(header.value(), StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
