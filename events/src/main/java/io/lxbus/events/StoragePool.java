package io.lxbus.events;

import java.time.Instant;
import java.util.Map;

/**
 * A storage pool, on {@code lxbus.storage.pools} keyed by its name; written by the storage service.
 *
 * @param name        the pool's name
 * @param driver      {@code dir} or {@code btrfs}
 * @param description free text
 * @param config      driver config; {@code source} is its folder
 * @param status      {@code Created}, {@code Pending} or {@code Errored}
 * @param revision    grows on every change
 * @param createdAt   when it was created
 */
public record StoragePool(String name, String driver, String description, Map<String, String> config, String status,
                          long revision, Instant createdAt) {
}
