package io.lxbus.events;

import java.time.Instant;

/**
 * Change a snapshot's writable fields ({@code PUT}/{@code PATCH /1.0/instances/{name}/snapshots/{snapshot}}); a null
 * field is left as it is.
 *
 * @param project     the project
 * @param instance    the instance
 * @param name        the snapshot
 * @param expiresAt   the new expiry, or null
 * @param clearExpiry remove the expiry (LXD's zero time)
 * @param description the new description, or null
 */
public record UpdateSnapshot(String project, String instance, String name, Instant expiresAt, boolean clearExpiry,
                             String description) implements InstanceCommand {
}
