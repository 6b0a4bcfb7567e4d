package io.lxbus.instance.messaging;

import io.lxbus.events.wire.Json;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads a side topic's values and never throws: a tombstone is a null value, an unreadable one carries the reason. */
final class SideRecordDeserializer implements Deserializer<SideRecord> {
    private final SideRecord.Kind kind;

    SideRecordDeserializer(SideRecord.Kind kind) {
        this.kind = kind;
    }

    @Override
    public SideRecord deserialize(String topic, byte[] data) {
        if (data == null) {
            return new SideRecord(kind, null, null);
        }
        try {
            return new SideRecord(kind, Json.mapper().readValue(data, kind.type), null);
        } catch (Exception e) {
            return new SideRecord(kind, null, e.getMessage() == null ? e.toString() : e.getMessage().lines()
                    .findFirst().orElse(""));
        }
    }
}
