package io.lxbus.executor.domain;

/** LXD's JSON for test id maps. */
final class TestMaps {
    private TestMaps() {
    }

    /** {@code count} uids and gids from host id {@code base}, as two entries. */
    static String uidsAndGids(long base, long count) {
        return "[{\"Isuid\":true,\"Isgid\":false,\"Hostid\":" + base + ",\"Nsid\":0,\"Maprange\":" + count + "},"
                + "{\"Isuid\":false,\"Isgid\":true,\"Hostid\":" + base + ",\"Nsid\":0,\"Maprange\":" + count + "}]";
    }
}
