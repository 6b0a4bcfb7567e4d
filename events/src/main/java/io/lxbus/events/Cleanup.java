package io.lxbus.events;

/** How Kafka keeps a topic's records. */
public enum Cleanup {
    /** Records expire after the retention time. */
    DELETE,
    /** The latest record per key is kept; a tombstone removes the key. */
    COMPACT
}
