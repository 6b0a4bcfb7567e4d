package io.lxbus.instance;

import io.lxbus.events.Keys;
import io.lxbus.events.Profile;
import io.lxbus.instance.messaging.StoreNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once Kafka Streams is RUNNING and the {@code default} profile exists, so a user who runs
 * {@code lxc profile list} right after {@code bin/lxbus up} sees it. (One replica for now: with several,
 * only the one owning the default project's partition holds that record.)
 */
@Readiness
@ApplicationScoped
public class StreamsReadiness implements HealthCheck {
    private static final String DEFAULT_PROFILE = Keys.resource(Keys.DEFAULT_PROJECT, "default");

    @Inject
    KafkaStreams streams;

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = streams.state();
        boolean running = state == KafkaStreams.State.RUNNING;
        boolean defaultProfile = running && defaultProfileStored();
        return HealthCheckResponse.named("instance streams running")
                .status(running && defaultProfile)
                .withData("state", state.name())
                .withData("defaultProfile", defaultProfile)
                .build();
    }

    private boolean defaultProfileStored() {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(StoreNames.PROFILES,
                    QueryableStoreTypes.<String, Profile>keyValueStore())).get(DEFAULT_PROFILE) != null;
        } catch (InvalidStateStoreException e) {
            return false;
        }
    }
}
