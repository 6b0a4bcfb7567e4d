package io.lxbus.instance;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The instance service's own settings ({@code lxbus.*}); Kafka Streams settings live in application.properties. */
@ConfigMapping(prefix = "lxbus")
public interface InstanceSettings {

    /** The data folder ({@code LXBUS_DIR}); the HTTP socket is {@code run/instance.socket} under it. */
    @WithDefault("/var/lib/lxbus")
    String dir();

    /** The deployment's topic prefix ({@code LXBUS_TOPIC_PREFIX}); empty for none. */
    Optional<String> topicPrefix();

    /** Settings of this service. */
    Instance instance();

    /** Settings under {@code lxbus.instance}. */
    interface Instance {
        /** This replica's stable name; the static group membership id of its consumer. */
        @WithDefault("instance-1")
        String replicaId();

        /** How long a handled command's result is remembered for repeats. */
        @WithDefault("7d")
        Duration commandRetention();

        /** How often expired snapshots ({@code expires_at} passed) are deleted; LXD prunes every minute. */
        @WithDefault("1m")
        Duration snapshotExpiryCheck();

        /** How often {@code snapshots.schedule} is checked (LXD: every minute); still one snapshot a minute at most. */
        @WithDefault("1m")
        Duration snapshotScheduleCheck();

        /** RocksDB stores (true) or in-memory stores (false); both are restored from changelogs. */
        @WithDefault("true")
        boolean persistentStores();

        /** Replication factor of the changelog topics Streams creates (1 on a single broker). */
        @WithDefault("1")
        int internalReplicationFactor();

        /** Whether to make sure the {@code default} profile exists at start. */
        @WithDefault("true")
        boolean bootstrapDefaultProfile();
    }

    /** The prefix, empty when none is set. */
    default String prefix() {
        return topicPrefix().orElse("");
    }
}
