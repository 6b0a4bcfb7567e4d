package io.lxbus.gateway.messaging;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The latest value of each key since the last drain: a later put replaces an earlier one that was not drained yet.
 * Made for a compacted topic, which keeps only each key's last record anyway. Thread-safe; a null value (a
 * tombstone) is kept like any other.
 */
final class LatestByKey<V> {
    private final ConcurrentHashMap<String, Optional<V>> pending = new ConcurrentHashMap<>();

    void put(String key, V value) {
        pending.put(key, Optional.ofNullable(value));
    }

    /** Hands each key's latest value to {@code sink} once; a put made meanwhile waits for the next drain. */
    void drain(BiConsumer<String, V> sink) {
        for (String key : pending.keySet()) {
            Optional<V> value = pending.remove(key);
            if (value != null) {
                sink.accept(key, value.orElse(null));
            }
        }
    }
}
