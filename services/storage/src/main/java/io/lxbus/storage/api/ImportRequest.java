package io.lxbus.storage.api;

import io.lxbus.events.Requestor;

import java.nio.file.Path;
import java.util.Map;

/**
 * An upload that has reached the disk.
 *
 * @param project    the project
 * @param filename   {@code X-LXD-filename}
 * @param isPublic   {@code X-LXD-public}
 * @param properties {@code X-LXD-properties}
 * @param main       the unified tarball, or the split image's metadata tarball
 * @param rootfs     the split image's rootfs; null for a unified image
 * @param requestor  who uploaded it, for the event
 */
record ImportRequest(String project, String filename, boolean isPublic, Map<String, String> properties, Path main,
                     Path rootfs, Requestor requestor) {
}
