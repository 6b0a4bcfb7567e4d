package io.lxbus.idmap;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** The idmap service's own settings ({@code lxbus.*}); Kafka Streams settings live in application.properties. */
@ConfigMapping(prefix = "lxbus")
public interface IdmapSettings {

    /** The data folder ({@code LXBUS_DIR}); the HTTP socket is {@code run/idmap.socket} under it. */
    @WithDefault("/var/lib/lxbus")
    String dir();

    /** The deployment's topic prefix ({@code LXBUS_TOPIC_PREFIX}); empty for none. */
    Optional<String> topicPrefix();

    /** Settings of this service. */
    Idmap idmap();

    /** Settings under {@code lxbus.idmap}. */
    interface Idmap {
        /** Root's subordinate user ids ({@code LXBUS_SUBUID_FILE}). */
        @WithDefault("/etc/subuid")
        String subuidFile();

        /** Root's subordinate group ids ({@code LXBUS_SUBGID_FILE}). */
        @WithDefault("/etc/subgid")
        String subgidFile();

        /** This replica's stable name; the static group membership id of its consumer. */
        @WithDefault("idmap-1")
        String replicaId();

        /** RocksDB stores (true) or in-memory stores (false); both are restored from changelogs. */
        @WithDefault("true")
        boolean persistentStores();

        /** Replication factor of the changelog topics Streams creates (1 on a single broker). */
        @WithDefault("1")
        int internalReplicationFactor();
    }

    /** The prefix, empty when none is set. */
    default String prefix() {
        return topicPrefix().orElse("");
    }
}
