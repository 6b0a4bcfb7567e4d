package io.lxbus.events;

import java.util.List;
import java.util.Map;

/**
 * Replace an image's writable fields ({@code PUT /1.0/images/{fingerprint}}).
 *
 * @param project     the project
 * @param fingerprint the image
 * @param properties  the new properties, whole
 * @param isPublic    the new public flag
 * @param autoUpdate  the new auto-update flag
 * @param profiles    the new profile list
 */
public record ReplaceImage(String project, String fingerprint, Map<String, String> properties, boolean isPublic,
                           boolean autoUpdate, List<String> profiles) implements StorageCommand {
}
