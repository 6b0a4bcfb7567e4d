package io.lxbus.gateway.domain;

import io.lxbus.events.Keys;
import io.lxbus.events.StoragePool;
import io.lxbus.events.Volume;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Storage pools and volumes in LXD's JSON shapes (shared/api/storage_pool.go, storage_pool_volume.go). */
public final class LxdStorage {
    private LxdStorage() {
    }

    /** A pool. */
    public static Map<String, Object> pool(StoragePool pool, List<String> usedBy) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("config", pool.config() == null ? Map.of() : new TreeMap<>(pool.config()));
        out.put("description", pool.description() == null ? "" : pool.description());
        out.put("name", pool.name());
        out.put("driver", pool.driver());
        out.put("used_by", usedBy);
        out.put("status", pool.status() == null ? "Created" : pool.status());
        out.put("locations", List.of("none"));
        return out;
    }

    /** A volume. */
    public static Map<String, Object> volume(Volume volume, List<String> usedBy, String location) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("config", volume.config() == null ? Map.of() : new TreeMap<>(volume.config()));
        out.put("description", volume.description() == null ? "" : volume.description());
        out.put("name", volume.name());
        out.put("type", volume.type());
        out.put("used_by", usedBy);
        out.put("location", location);
        out.put("content_type", volume.contentType() == null ? "filesystem" : volume.contentType());
        out.put("project", volume.project());
        out.put("created_at", LxdInstance.time(volume.createdAt()));
        return out;
    }

    /** A pool's API path. */
    public static String poolUrl(String pool) {
        return "/1.0/storage-pools/" + pool;
    }

    /** A volume's API path, with its project outside the default one. */
    public static String volumeUrl(Volume volume) {
        String name = volume.isSnapshot() ? volume.name().replaceFirst("/", "/snapshots/") : volume.name();
        String path = "/1.0/storage-pools/" + volume.pool() + "/volumes/" + volume.type() + "/" + name;
        return Keys.DEFAULT_PROJECT.equals(volume.project()) ? path : path + "?project=" + volume.project();
    }
}
