package io.lxbus.events;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An instance snapshot's whole current record, on {@code lxbus.instance.snapshots} keyed by
 * {@code <project>/<instance>/<name>} (written with {@link io.lxbus.events.wire.ProjectPartitioner}); a tombstone
 * deletes it. Only the instance service writes it; its files are a volume of the storage service
 * ({@code <project>/<pool>/container/<instance>/<name>}).
 *
 * @param project         the project
 * @param instance        the instance's name
 * @param name            the snapshot's name (without the instance)
 * @param uuid            the snapshot's immutable identity; its folder on the host is named by it
 * @param instanceUuid    the instance's uuid
 * @param description     free text
 * @param architecture    e.g. {@code x86_64}
 * @param ephemeral       the instance's ephemeral flag when taken
 * @param profiles        the instance's profiles when taken
 * @param config          the instance's local config when taken
 * @param devices         the instance's local devices when taken
 * @param expandedConfig  the instance's expanded config when taken
 * @param expandedDevices the instance's expanded devices when taken
 * @param host            the host holding its volume
 * @param pool            the pool of its volume
 * @param copyOf          for a snapshot made by copying an instance, the uuid of the snapshot whose files it copies;
 *                        null when its files come from its own instance
 * @param status          {@code Freezing} (its running instance is being frozen; storage waits), {@code Creating},
 *                        {@code Created} or {@code Deleting}
 * @param pending         the command in flight on it (create, delete), or null
 * @param revision        grows on every change; the gateway's ETag
 * @param createdAt       when it was taken
 * @param expiresAt       when it should be deleted; null for never
 * @param lastUsedAt      when the instance last started before it was taken
 */
public record Snapshot(String project, String instance, String name, String uuid, String instanceUuid,
                       String description, String architecture, boolean ephemeral, List<String> profiles,
                       Map<String, String> config, Map<String, Map<String, String>> devices,
                       Map<String, String> expandedConfig, Map<String, Map<String, String>> expandedDevices,
                       String host, String pool, String copyOf, String status, PendingAction pending, long revision,
                       Instant createdAt, Instant expiresAt, Instant lastUsedAt) {

    /** A snapshot waiting for its running instance to be frozen before storage copies it. */
    public static final String FREEZING = "Freezing";
    /** A snapshot whose volume is being made. */
    public static final String CREATING = "Creating";
    /** A snapshot whose volume is ready. */
    public static final String CREATED = "Created";
    /** A snapshot whose volume is being removed. */
    public static final String DELETING = "Deleting";

    /** LXD's full name, {@code <instance>/<name>}. */
    @JsonIgnore
    public String fullName() {
        return instance + "/" + name;
    }
}
