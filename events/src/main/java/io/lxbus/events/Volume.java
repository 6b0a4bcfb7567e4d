package io.lxbus.events;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;
import java.util.Map;

/**
 * A storage volume, on {@code lxbus.storage.volumes} keyed by
 * {@code <project>/<pool>/<type>/<name>} (project partitioned); written by the storage service of
 * the volume's host.
 *
 * @param project      the project
 * @param pool         the pool
 * @param type         {@code container}, {@code virtual-machine}, {@code image} or {@code custom}
 * @param name         the volume's name (an instance's name, {@code <instance>/<snapshot>} for a snapshot, or an
 *                     image's fingerprint)
 * @param contentType  {@code filesystem} or {@code block}
 * @param description  free text
 * @param config       volume config
 * @param host         the host that holds it
 * @param path         its folder on that host
 * @param instanceUuid for instance volumes, the instance's uuid; null otherwise
 * @param sourceImage  the image it was made from, if any
 * @param status       {@code Created}, {@code Creating}, {@code Deleting} or {@code Error}
 * @param error        why it failed; null when fine
 * @param revision     grows on every change
 * @param createdAt    when it was created
 * @param snapshotUuid for a snapshot's volume, the snapshot's uuid; null otherwise
 * @param lastOperationId the last operation storage finished on this volume (a restore), so its owner can tell
 */
public record Volume(String project, String pool, String type, String name, String contentType, String description,
                     Map<String, String> config, String host, String path, String instanceUuid, String sourceImage,
                     String status, String error, long revision, Instant createdAt, String snapshotUuid,
                     String lastOperationId) {

    /** A volume that is no snapshot and has seen no restore. */
    public Volume(String project, String pool, String type, String name, String contentType, String description,
                  Map<String, String> config, String host, String path, String instanceUuid, String sourceImage,
                  String status, String error, long revision, Instant createdAt) {
        this(project, pool, type, name, contentType, description, config, host, path, instanceUuid, sourceImage,
                status, error, revision, createdAt, null, null);
    }

    /** Whether this is a snapshot's volume ({@code <instance>/<snapshot>}). */
    @JsonIgnore
    public boolean isSnapshot() {
        return name != null && name.contains("/");
    }
}
