package io.lxbus.events;

import java.time.Instant;
import java.util.Map;

/**
 * A profile's whole current record, on {@code lxbus.instance.profiles} keyed by
 * {@link Keys#resource(String, String)}; a tombstone deletes it.
 *
 * @param project     the project it belongs to
 * @param name        its name
 * @param description free text
 * @param config      config keys and values
 * @param devices     devices by name
 * @param revision    grows by one on every change; the gateway's ETag
 * @param createdAt   when it was created
 * @param updatedAt   when it last changed
 */
public record Profile(String project, String name, String description, Map<String, String> config,
                      Map<String, Map<String, String>> devices, long revision, Instant createdAt,
                      Instant updatedAt) {
}
