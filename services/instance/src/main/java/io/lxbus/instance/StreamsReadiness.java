package io.lxbus.instance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while Kafka Streams is RUNNING: restoring or rebalancing is not ready to answer commands. */
@Readiness
@ApplicationScoped
public class StreamsReadiness implements HealthCheck {
    @Inject
    KafkaStreams streams;

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = streams.state();
        return HealthCheckResponse.named("instance streams running")
                .status(state == KafkaStreams.State.RUNNING)
                .withData("state", state.name())
                .build();
    }
}
