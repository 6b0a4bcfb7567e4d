package io.lxbus.instance.domain;

import io.lxbus.events.Instance;
import io.lxbus.events.InstanceSource;
import io.lxbus.events.InstanceStatus;
import io.lxbus.events.PendingAction;
import io.lxbus.events.PowerState;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A mutable copy of an {@link Instance} while a rule changes it; {@link #build} makes the new record. */
final class InstanceDraft {
    String project;
    String name;
    String uuid;
    String type;
    String description;
    String architecture;
    boolean ephemeral;
    List<String> profiles;
    Map<String, String> config;
    Map<String, Map<String, String>> devices;
    Map<String, String> expandedConfig;
    Map<String, Map<String, String>> expandedDevices;
    InstanceSource source;
    String host;
    String pool;
    String rootPath;
    InstanceStatus status;
    PowerState power;
    PendingAction pending;
    Instant createdAt;
    Instant lastUsedAt;

    InstanceDraft() {
    }

    InstanceDraft(Instance from) {
        project = from.project();
        name = from.name();
        uuid = from.uuid();
        type = from.type();
        description = from.description();
        architecture = from.architecture();
        ephemeral = from.ephemeral();
        profiles = from.profiles() == null ? List.of() : List.copyOf(from.profiles());
        config = new LinkedHashMap<>(from.config() == null ? Map.of() : from.config());
        devices = from.devices() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(from.devices());
        expandedConfig = new LinkedHashMap<>(from.expandedConfig() == null ? Map.of() : from.expandedConfig());
        expandedDevices = from.expandedDevices() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(from.expandedDevices());
        source = from.source();
        host = from.host();
        pool = from.pool();
        rootPath = from.rootPath();
        status = from.status();
        power = from.power();
        pending = from.pending();
        createdAt = from.createdAt();
        lastUsedAt = from.lastUsedAt();
    }

    /** Sets a local config key and mirrors it into the expanded config (local keys always win there). */
    InstanceDraft local(String key, String value) {
        if (value == null) {
            config.remove(key);
            expandedConfig.remove(key);
        } else {
            config.put(key, value);
            expandedConfig.put(key, value);
        }
        return this;
    }

    Instance build(long revision, Instant now) {
        return new Instance(project, name, uuid, type, description, architecture, ephemeral, profiles, config,
                devices, expandedConfig, expandedDevices, source, host, pool, rootPath, status, power, pending,
                revision, createdAt, lastUsedAt, now);
    }
}
