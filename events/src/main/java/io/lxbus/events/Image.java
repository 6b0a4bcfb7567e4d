package io.lxbus.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An image, on {@code lxbus.storage.images} keyed by {@code <project>/<fingerprint>} (project
 * partitioned); written by the storage service.
 *
 * @param project      the project
 * @param fingerprint  sha256 of the unified tarball (or of metadata then rootfs for split images)
 * @param type         {@code container} or {@code virtual-machine}
 * @param filename     the uploaded file's name
 * @param size         bytes of the stored file(s)
 * @param architecture e.g. {@code x86_64}
 * @param properties   free properties ({@code os}, {@code release}, {@code description}, …)
 * @param isPublic     served to untrusted clients
 * @param autoUpdate   refreshed from its source
 * @param profiles     profiles to apply to instances made from it
 * @param createdAt    when it was built (from its metadata)
 * @param uploadedAt   when it was imported
 * @param lastUsedAt   when an instance was last made from it
 * @param revision     grows on every change
 */
public record Image(String project, String fingerprint, String type, String filename, long size, String architecture,
                    Map<String, String> properties, boolean isPublic, boolean autoUpdate, List<String> profiles,
                    Instant createdAt, Instant uploadedAt, Instant lastUsedAt, long revision) {
}
