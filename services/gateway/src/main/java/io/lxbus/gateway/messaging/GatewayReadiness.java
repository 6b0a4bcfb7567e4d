package io.lxbus.gateway.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when every view has caught up, results and lifecycle readers are positioned and the producer works. */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements HealthCheck {
    private final StateViews views;
    private final ResultsReader results;
    private final LifecycleReader lifecycle;
    private final BusProducer producer;

    public GatewayReadiness(StateViews views, ResultsReader results, LifecycleReader lifecycle, BusProducer producer) {
        this.views = views;
        this.results = results;
        this.lifecycle = lifecycle;
        this.producer = producer;
    }

    @Override
    public HealthCheckResponse call() {
        boolean viewsReady = views.isCaughtUp();
        boolean resultsReady = results.positioned();
        boolean eventsReady = lifecycle.positioned();
        boolean producerReady = producer.working();
        return HealthCheckResponse.named("kafka")
                .status(viewsReady && resultsReady && eventsReady && producerReady)
                .withData("views", viewsReady)
                .withData("results", resultsReady)
                .withData("lifecycle", eventsReady)
                .withData("producer", producerReady)
                .build();
    }
}
