package io.lxbus.events;

/**
 * Delete a stopped instance ({@code DELETE /1.0/instances/{name}}): its runtime, root volume and id
 * map are removed by their owners, then the record.
 *
 * @param project the project
 * @param name    the instance
 */
public record DeleteInstance(String project, String name) implements InstanceCommand {
}
