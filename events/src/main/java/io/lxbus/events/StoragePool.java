package io.lxbus.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Map;

/**
 * A storage pool, on {@code lxbus.storage.pools} keyed by its name; written by the storage service.
 *
 * @param name              the pool's name
 * @param driver            {@code dir} or {@code btrfs}
 * @param description       free text
 * @param config            driver config; {@code source} is its folder
 * @param status            {@code Created}, {@code Pending} or {@code Errored}
 * @param revision          grows on every change
 * @param createdAt         when it was created
 * @param runningCopyFreeze true: its driver copies a running instance consistently only while the instance is
 *                          frozen (LXD's {@code RunningCopyFreeze}: true for {@code dir}), so a snapshot freezes it;
 *                          null (a record from before the flag) or false: it does not
 */
public record StoragePool(String name, String driver, String description, Map<String, String> config, String status,
                          long revision, Instant createdAt, Boolean runningCopyFreeze) {

    /** A pool whose driver copies running instances without freezing them. */
    public StoragePool(String name, String driver, String description, Map<String, String> config, String status,
                       long revision, Instant createdAt) {
        this(name, driver, description, config, status, revision, createdAt, null);
    }

    /** Whether a running instance is frozen while its files are copied. */
    @JsonIgnore
    public boolean freezesRunningCopy() {
        return Boolean.TRUE.equals(runningCopyFreeze);
    }
}
