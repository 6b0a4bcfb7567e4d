package io.lxbus.gateway.messaging;

import io.lxbus.events.LifecycleEvent;
import io.lxbus.events.Topics;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.gateway.domain.EventFrames;
import io.lxbus.gateway.domain.EventHub;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.concurrent.CompletableFuture;

/** Forwards lifecycle events written from now on to {@code /1.0/events} listeners. */
@ApplicationScoped
public class LifecycleReader {
    private static final JsonSerde<LifecycleEvent> SERDE = JsonSerde.of(LifecycleEvent.class);

    private final KafkaSettings settings;
    private final EventHub hub;
    private final CompletableFuture<Void> positioned = new CompletableFuture<>();

    public LifecycleReader(KafkaSettings settings, EventHub hub) {
        this.settings = settings;
        this.hub = hub;
    }

    /** The topic this bean reads, from its end (so only what is written from now on). */
    public TopicReader.Subscription subscription() {
        return new TopicReader.Subscription(settings.topic(Topics.LIFECYCLE), TopicReader.Start.END, this::forward);
    }

    /** The reader that reads it ({@link BusReader}). */
    public void readBy(TopicReader reader) {
        TopicReader.relay(reader.positioned(), positioned);
    }

    /** Whether events written from now on will be forwarded. */
    public boolean positioned() {
        return positioned.isDone() && !positioned.isCompletedExceptionally();
    }

    private void forward(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        LifecycleEvent event = SERDE.deserialize(record.topic(), record.value());
        if (event.data() == null) {
            return;
        }
        hub.publish("lifecycle", event.project(), EventFrames.lifecycle(event));
    }
}
