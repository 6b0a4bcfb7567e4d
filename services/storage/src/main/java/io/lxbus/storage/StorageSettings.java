package io.lxbus.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The storage service's settings ({@code lxbus.*}); Kafka Streams settings live in application.properties. */
@ConfigMapping(prefix = "lxbus")
public interface StorageSettings {

    /** The data folder ({@code LXBUS_DIR}): images, storage pools, the socket {@code run/storage.socket}. */
    @WithDefault("/var/lib/lxbus")
    String dir();

    /** The deployment's topic prefix ({@code LXBUS_TOPIC_PREFIX}); empty for none. */
    Optional<String> topicPrefix();

    /** This host's name ({@code LXBUS_HOST}); the machine's host name when unset. */
    Optional<String> host();

    /** Settings under {@code lxbus.storage}. */
    Storage storage();

    /** Settings of this service. */
    interface Storage {
        /** How long a handled command's result is remembered for repeats. */
        @WithDefault("7d")
        Duration commandRetention();

        /** RocksDB stores (true) or in-memory stores (false); both are restored from changelogs. */
        @WithDefault("true")
        boolean persistentStores();

        /** Replication factor of the changelog topics Streams creates (1 on a single broker). */
        @WithDefault("1")
        int internalReplicationFactor();

        /** How often the reconciler compares everything, even without news. */
        @WithDefault("30s")
        Duration reconcileInterval();
    }

    /** The prefix, empty when none is set. */
    default String prefix() {
        return topicPrefix().orElse("");
    }

    /** This host's name. */
    default String hostName() {
        return host().filter(h -> !h.isBlank()).orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "localhost";
            }
        });
    }

    /** The data folder as a path. */
    default Path root() {
        return Path.of(dir());
    }

    /** Where imported image files live. */
    default Path images() {
        return root().resolve("images");
    }

    /** Where pools live unless their config says otherwise. */
    default Path pools() {
        return root().resolve("storage-pools");
    }
}
