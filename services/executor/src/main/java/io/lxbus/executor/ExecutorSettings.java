package io.lxbus.executor;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The executor's settings ({@code lxbus.*}); Kafka's bootstrap address is {@code kafka.bootstrap.servers}. */
@ConfigMapping(prefix = "lxbus")
public interface ExecutorSettings {
    /** The data folder ({@code LXBUS_DIR}): {@code containers/} is the lxcpath, {@code run/executor.socket} the API. */
    @WithDefault("/var/lib/lxbus")
    String dir();

    /** The deployment's topic prefix ({@code LXBUS_TOPIC_PREFIX}); empty for none. */
    Optional<String> topicPrefix();

    /** This host's name ({@code LXBUS_HOST}); the machine's hostname when unset. */
    Optional<String> host();

    /** Settings under {@code lxbus.executor}. */
    Executor executor();

    /** Settings under {@code lxbus.executor}. */
    interface Executor {
        /** How often every container is compared with its record. */
        @WithDefault("30s")
        Duration reconcileInterval();

        /** How often running containers are checked for having stopped on their own. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Threads that act on containers (each container's work is serialized on one of them at a time). */
        @WithDefault("8")
        int workers();
    }

    /** The prefix, empty when none is set. */
    default String prefix() {
        return topicPrefix().orElse("");
    }
}
