package io.lxbus.instance.messaging;

import io.lxbus.instance.InstanceSettings;
import io.lxbus.common.StreamThreads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

import java.time.Clock;

/** Hands the topology and its failure policy to the Quarkus Kafka Streams extension. */
@ApplicationScoped
public class StreamsWiring {
    private static final Logger LOG = Logger.getLogger(StreamsWiring.class);

    @Produces
    @Singleton
    Topology topology(InstanceSettings settings) {
        return InstanceTopology.build(settings.prefix(), settings.instance().persistentStores(),
                Clock.systemDefaultZone(), settings.instance().commandRetention(),
                settings.instance().snapshotExpiryCheck(), settings.instance().snapshotScheduleCheck());
    }

    /** A stream thread that dies of an unexpected error is replaced; its task resumes from the last commit. */
    @Produces
    @Singleton
    StreamsUncaughtExceptionHandler uncaughtExceptionHandler() {
        return StreamThreads.replaceOnFailure(error -> LOG.error(StreamThreads.REPLACING, error));
    }
}
