package io.lxbus.executor.driver.lxc;

import io.lxbus.events.Instance;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.PendingAction;
import io.lxbus.events.PowerState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Instance records and root's subordinate id range for tests. */
public final class TestInstances {
    private TestInstances() {
    }

    /** {@code [base, count]} of root's range in /etc/subuid. */
    public static long[] rootSubuid() throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/subuid"))) {
            String[] fields = line.split(":");
            if (fields.length == 3 && fields[0].equals("root")) {
                return new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[2])};
            }
        }
        throw new IllegalStateException("/etc/subuid has no range for root");
    }

    /** LXD's JSON for a map of {@code count} ids from {@code base}, uids and gids. */
    public static String idmapJson(long base, long count) {
        return "[{\"Isuid\":true,\"Isgid\":false,\"Hostid\":" + base + ",\"Nsid\":0,\"Maprange\":" + count + "},"
                + "{\"Isuid\":false,\"Isgid\":true,\"Hostid\":" + base + ",\"Nsid\":0,\"Maprange\":" + count + "}]";
    }

    /** A busybox container record placed on {@code host}. */
    public static Instance busybox(String name, String uuid, String host, Path volume, String idmapJson,
                                   Map<String, String> extra, InstanceStatus status, PowerState power,
                                   PendingAction pending, long revision) {
        Map<String, String> config = new HashMap<>();
        config.put("image.os", "busybox");
        config.put("volatile.uuid", uuid);
        config.put("volatile.idmap.next", idmapJson);
        config.putAll(extra);
        return new Instance("default", name, uuid, "container", "", "x86_64", false, List.of("default"), config,
                Map.of(), config, Map.of(), null, host, "default", volume.toString(), status, power, pending,
                revision, Instant.now(), null, Instant.now());
    }
}
