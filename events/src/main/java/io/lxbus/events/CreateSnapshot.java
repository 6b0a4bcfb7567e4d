package io.lxbus.events;

import java.time.Instant;

/**
 * Snapshot an instance ({@code POST /1.0/instances/{name}/snapshots}).
 *
 * @param project   the project
 * @param instance  the instance
 * @param name      the snapshot's name; empty picks the next free {@code snap<N>}
 * @param stateful  also save the running state (refused: not supported)
 * @param expiresAt when it should be deleted; null for never
 */
public record CreateSnapshot(String project, String instance, String name, boolean stateful, Instant expiresAt)
        implements InstanceCommand {
}
