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

    /** The deployment prefix, empty when none. */
    default String prefix() {
        return topicPrefix().orElse("");
    }
}
