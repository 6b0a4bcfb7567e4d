package io.lxbus.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * Snapshot an instance ({@code POST /1.0/instances/{name}/snapshots}).
 *
 * @param project   the project
 * @param instance  the instance
 * @param name      the snapshot's name; empty picks the next free {@code snap<N>}
 * @param stateful  also save the running state (refused: not supported)
 * @param expiresAt when it should be deleted; null leaves it to the instance's {@code snapshots.expiry}
 * @param noExpiry  true: never expires, whatever {@code snapshots.expiry} says (the client's {@code --no-expiry},
 *                  which sends LXD's zero time as {@code expires_at}); null or false: as {@code expiresAt} says
 */
public record CreateSnapshot(String project, String instance, String name, boolean stateful, Instant expiresAt,
                             Boolean noExpiry) implements InstanceCommand {

    /** A snapshot whose expiry is {@code expiresAt}, or the instance's {@code snapshots.expiry} when null. */
    public CreateSnapshot(String project, String instance, String name, boolean stateful, Instant expiresAt) {
        this(project, instance, name, stateful, expiresAt, null);
    }

    /** Whether the snapshot must never expire. */
    @JsonIgnore
    public boolean neverExpires() {
        return Boolean.TRUE.equals(noExpiry);
    }
}
