package io.lxbus.events;

/**
 * Delete an image and its unpacked copies in every pool ({@code DELETE /1.0/images/{fingerprint}}).
 *
 * @param project     the project
 * @param fingerprint the image
 */
public record DeleteImage(String project, String fingerprint) implements StorageCommand {
}
