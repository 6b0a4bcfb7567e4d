package io.lxbus.instance.messaging;

/**
 * A record another owner wrote about the instances of a project, read from one of the co-partitioned side topics.
 *
 * @param kind     which topic it came from
 * @param value    the record, or null for a tombstone
 * @param problem  why the value could not be read; null when it could
 */
record SideRecord(Kind kind, Object value, String problem) {

    /** The side topics, each with the record type it carries. */
    enum Kind {
        IDMAP(io.lxbus.events.IdMap.class, StoreNames.IDMAPS),
        VOLUME(io.lxbus.events.Volume.class, StoreNames.VOLUMES),
        IMAGE(io.lxbus.events.Image.class, StoreNames.IMAGES),
        ALIAS(io.lxbus.events.ImageAlias.class, StoreNames.ALIASES),
        RUNTIME(io.lxbus.events.InstanceRuntime.class, StoreNames.RUNTIME),
        /** Facts from hosts ({@code lxbus.executor.facts}): not kept, each becomes a lifecycle event. */
        FACT(io.lxbus.events.HostFact.class, null);

        final Class<?> type;
        final String store;

        Kind(Class<?> type, String store) {
            this.type = type;
            this.store = store;
        }
    }
}
