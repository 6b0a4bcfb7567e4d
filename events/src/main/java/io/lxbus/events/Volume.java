package io.lxbus.events;

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
 * @param name         the volume's name (an instance's name, or an image's fingerprint)
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
 */
public record Volume(String project, String pool, String type, String name, String contentType, String description,
                     Map<String, String> config, String host, String path, String instanceUuid, String sourceImage,
                     String status, String error, long revision, Instant createdAt) {
}
