package io.lxbus.storage;

import io.lxbus.storage.host.VolumeReconciler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once Kafka Streams is RUNNING, the default pool exists and the reconciler has made its first full pass. */
@Readiness
@ApplicationScoped
public class StorageReadiness implements HealthCheck {
    @Inject
    KafkaStreams streams;
    @Inject
    VolumeReconciler reconciler;

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = streams.state();
        boolean running = state == KafkaStreams.State.RUNNING;
        return HealthCheckResponse.named("storage ready")
                .status(running && reconciler.defaultPoolReady() && reconciler.firstPassDone())
                .withData("streams", state.name())
                .withData("defaultPool", reconciler.defaultPoolReady())
                .withData("firstReconcile", reconciler.firstPassDone())
                .build();
    }
}
