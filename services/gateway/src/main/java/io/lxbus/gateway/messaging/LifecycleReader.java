package io.lxbus.gateway.messaging;

import io.lxbus.events.LifecycleEvent;
import io.lxbus.events.Topics;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.gateway.domain.EventFrames;
import io.lxbus.gateway.domain.EventHub;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Forwards lifecycle events written from now on to {@code /1.0/events} listeners. */
@ApplicationScoped
public class LifecycleReader {
    private static final JsonSerde<LifecycleEvent> SERDE = JsonSerde.of(LifecycleEvent.class);

    private final KafkaSettings settings;
    private final EventHub hub;
    private TopicReader reader;

    public LifecycleReader(KafkaSettings settings, EventHub hub) {
        this.settings = settings;
        this.hub = hub;
    }

    void start(@Observes StartupEvent event) {
        reader = new TopicReader(settings.topic(Topics.LIFECYCLE), settings.consumer("lxbus-gateway-lifecycle"),
                TopicReader.Start.END, this::forward);
        reader.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (reader != null) {
            reader.stop();
        }
    }

    /** Whether events written from now on will be forwarded. */
    public boolean positioned() {
        return reader != null && reader.positioned().isDone() && !reader.positioned().isCompletedExceptionally();
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
