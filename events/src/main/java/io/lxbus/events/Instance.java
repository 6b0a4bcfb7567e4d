package io.lxbus.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An instance's whole current record, on {@code lxbus.instance.instances} keyed by
 * {@code <project>/<name>} (written with {@link io.lxbus.events.wire.ProjectPartitioner}); a
 * tombstone deletes it. Only the instance service writes it.
 *
 * @param project         the project
 * @param name            its name
 * @param uuid            immutable identity (also {@code volatile.uuid}); host-side objects are named by it, so a
 *                        rename touches no host
 * @param type            {@code container} or {@code virtual-machine}
 * @param description     free text
 * @param architecture    e.g. {@code x86_64}
 * @param ephemeral       deleted when stopped
 * @param profiles        applied profiles in order
 * @param config          local config, {@code volatile.*} included (the id map is {@code volatile.idmap.next})
 * @param devices         local devices
 * @param expandedConfig  profiles then local config, key by key
 * @param expandedDevices profiles then local devices, same-named devices replaced whole
 * @param source          where the root file system came from
 * @param host            the host it is placed on
 * @param pool            the storage pool of its root disk
 * @param rootPath        the root volume's folder on the host (set once storage created it)
 * @param status          its status
 * @param power           what the executor must make true
 * @param pending         the state change in flight, or null
 * @param revision        grows on every change; the gateway's ETag
 * @param createdAt       when it was created
 * @param lastUsedAt      when it last started
 * @param updatedAt       when the record last changed
 */
public record Instance(String project, String name, String uuid, String type, String description, String architecture,
                       boolean ephemeral, List<String> profiles, Map<String, String> config,
                       Map<String, Map<String, String>> devices, Map<String, String> expandedConfig,
                       Map<String, Map<String, String>> expandedDevices, InstanceSource source, String host,
                       String pool, String rootPath, InstanceStatus status, PowerState power, PendingAction pending,
                       long revision, Instant createdAt, Instant lastUsedAt, Instant updatedAt) {
}
