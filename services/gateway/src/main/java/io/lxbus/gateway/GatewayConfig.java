package io.lxbus.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The gateway's settings ({@code lxbus.*}; environment variables such as {@code LXBUS_DIR} override). */
@ConfigMapping(prefix = "lxbus")
public interface GatewayConfig {
    /** The state folder; the API socket is {@code <dir>/unix.socket}. */
    @WithDefault("/var/lib/lxbus")
    String dir();

    /** A prefix in front of every topic name, so several stacks can share a cluster. */
    Optional<String> topicPrefix();

    /** The largest JSON request body accepted, in bytes; larger gets 413. */
    @WithDefault("1048576")
    int jsonBodyLimit();

    /** How long a write waits for the owning service's result (and for the view to show it). */
    @WithDefault("30s")
    Duration commandTimeout();

    /** How long finished operations stay readable. */
    @WithDefault("5s")
    Duration operationRetention();

    /** How many frames an events listener may have waiting before it is dropped as too slow. */
    @WithDefault("4096")
    int eventQueue();

    /** How often the events websocket is pinged; 0 turns pings off. */
    @WithDefault("10s")
    Duration eventPing();

    /** How long a live query to an executor's internal API may take before the views' data is used instead. */
    @WithDefault("2s")
    Duration executorTimeout();

    /** The storage service's internal API socket; default {@code <dir>/run/storage.socket}. */
    Optional<String> storageSocket();

    /** The largest image upload accepted, in bytes (streamed, never held in memory). */
    @WithDefault("4294967296")
    long imageUploadLimit();

    /** The storage socket actually used. */
    default String storageSocketPath() {
        return storageSocket().orElse(dir() + "/run/storage.socket");
    }

    /** The deployment prefix, empty when none. */
    default String prefix() {
        return topicPrefix().orElse("");
    }
}
