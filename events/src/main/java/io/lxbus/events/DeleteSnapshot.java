package io.lxbus.events;

/**
 * Delete a snapshot ({@code DELETE /1.0/instances/{name}/snapshots/{snapshot}}): storage removes its volume, then
 * the record goes.
 *
 * @param project  the project
 * @param instance the instance
 * @param name     the snapshot
 */
public record DeleteSnapshot(String project, String instance, String name) implements InstanceCommand {
}
