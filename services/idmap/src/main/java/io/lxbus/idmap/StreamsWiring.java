package io.lxbus.idmap;

import io.lxbus.common.StreamThreads;
import io.lxbus.idmap.host.SubidFiles;
import io.lxbus.idmap.messaging.IdmapTopology;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;

/** Hands the topology, root's allocation and the failure policy to the Quarkus Kafka Streams extension. */
@ApplicationScoped
public class StreamsWiring {
    private static final Logger LOG = Logger.getLogger(StreamsWiring.class);

    @Inject
    IdmapSettings settings;

    private SubidFiles allocation;

    /** Root's allocation from the configured subuid/subgid files. */
    public synchronized SubidFiles allocation() {
        if (allocation == null) {
            allocation = new SubidFiles(Path.of(settings.idmap().subuidFile()), Path.of(settings.idmap().subgidFile()));
        }
        return allocation;
    }

    @Produces
    @Singleton
    Topology topology() {
        SubidFiles files = allocation();
        files.get();
        return IdmapTopology.build(settings.prefix(), settings.idmap().persistentStores(), Clock.systemUTC(), files);
    }

    /** A stream thread that dies of an unexpected error is replaced; its task resumes from the last commit. */
    @Produces
    @Singleton
    StreamsUncaughtExceptionHandler uncaughtExceptionHandler() {
        return StreamThreads.replaceOnFailure(error -> LOG.error(StreamThreads.REPLACING, error));
    }
}
