package io.lxbus.events;

/**
 * An image alias, on {@code lxbus.storage.image-aliases} keyed by {@code <project>/<name>}
 * (project partitioned); written by the storage service.
 *
 * @param project     the project
 * @param name        the alias
 * @param target      the image's fingerprint
 * @param type        the image's type
 * @param description free text
 * @param revision    grows on every change
 */
public record ImageAlias(String project, String name, String target, String type, String description, long revision) {
}
