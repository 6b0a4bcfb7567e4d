package io.lxbus.idmap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once Kafka Streams is RUNNING; the data shows root's allocation as last read. */
@Readiness
@ApplicationScoped
public class StreamsReadiness implements HealthCheck {
    @Inject
    KafkaStreams streams;

    @Inject
    StreamsWiring wiring;

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = streams.state();
        return HealthCheckResponse.named("idmap streams running")
                .status(state == KafkaStreams.State.RUNNING)
                .withData("state", state.name())
                .withData("rootAllocation", wiring.allocation().get().toString())
                .build();
    }
}
