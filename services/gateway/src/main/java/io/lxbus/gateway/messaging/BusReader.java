package io.lxbus.gateway.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's one consumer: the state views (from the beginning), the results and the lifecycle events (from the
 * end). A command's result and the state records it lists are made visible by one transaction, so one reader
 * usually gets them in the same fetch and the read-your-writes wait ends with the result; the broker keeps one
 * fetch of the gateway's in flight instead of three.
 */
@ApplicationScoped
public class BusReader {
    private final TopicReader reader;

    public BusReader(KafkaSettings settings, StateViews views, ResultsReader results, LifecycleReader lifecycle) {
        List<TopicReader.Subscription> subscriptions = new ArrayList<>(views.subscriptions());
        subscriptions.add(results.subscription());
        subscriptions.add(lifecycle.subscription());
        reader = new TopicReader("bus", subscriptions, settings.consumer("lxbus-gateway-bus"));
        views.readBy(reader);
        results.readBy(reader);
        lifecycle.readBy(reader);
    }

    void start(@Observes StartupEvent event) {
        reader.start();
    }

    void stop(@Observes ShutdownEvent event) {
        reader.stop();
    }
}
