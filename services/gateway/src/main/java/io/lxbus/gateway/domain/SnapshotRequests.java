package io.lxbus.gateway.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.lxbus.events.CreateSnapshot;
import io.lxbus.events.InstanceSource;
import io.lxbus.events.Names;
import io.lxbus.events.RenameSnapshot;
import io.lxbus.events.RestoreSnapshot;
import io.lxbus.events.UpdateSnapshot;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Turns snapshot, restore and copy requests into commands, refusing bad names and what lxbus does not do. */
public final class SnapshotRequests {
    private SnapshotRequests() {
    }

    /** {@code POST /1.0/instances/{name}/snapshots}: an empty name lets the owner pick {@code snap<N>}. */
    public static CreateSnapshot create(String project, String instance, byte[] body) {
        InstanceRequests.checkName(instance);
        JsonNode root = JsonBodies.object(body);
        String name = JsonBodies.string(root, "name");
        if (name != null && !name.isEmpty()) {
            checkName(name);
        }
        if (Boolean.TRUE.equals(JsonBodies.bool(root, "stateful"))) {
            throw GatewayError.badRequest("Stateful snapshots are not supported");
        }
        String expires = JsonBodies.string(root, "expires_at");
        return new CreateSnapshot(project, instance, name == null ? "" : name, false, expiry(expires),
                isZeroTime(expires));
    }

    /** {@code PUT}/{@code PATCH /1.0/instances/{name}/snapshots/{snapshot}}: expiry and description. */
    public static UpdateSnapshot update(String project, String instance, String name, byte[] body, boolean patch) {
        InstanceRequests.checkName(instance);
        checkName(name);
        JsonNode root = JsonBodies.object(body);
        String text = JsonBodies.string(root, "expires_at");
        Instant expires = expiry(text);
        boolean clear = expires == null && (!patch || root.has("expires_at"));
        return new UpdateSnapshot(project, instance, name, expires, clear, JsonBodies.string(root, "description"));
    }

    /** {@code POST /1.0/instances/{name}/snapshots/{snapshot}} with {@code name}; migration is refused. */
    public static RenameSnapshot rename(String project, String instance, String name, byte[] body) {
        InstanceRequests.checkName(instance);
        checkName(name);
        JsonNode root = JsonBodies.object(body);
        if (Boolean.TRUE.equals(JsonBodies.bool(root, "migration"))) {
            throw GatewayError.badRequest("Migration is not supported");
        }
        String newName = JsonBodies.string(root, "name");
        checkName(newName);
        return new RenameSnapshot(project, instance, name, newName);
    }

    /** The restore a {@code PUT /1.0/instances/{name}} asks for ({@code "restore":"s1"} or {@code "c1/s1"}), or null. */
    public static RestoreSnapshot restore(String project, String instance, byte[] body) {
        InstanceRequests.checkName(instance);
        JsonNode root = JsonBodies.object(body);
        String restore = JsonBodies.string(root, "restore");
        if (restore == null || restore.isEmpty()) {
            return null;
        }
        if (Boolean.TRUE.equals(JsonBodies.bool(root, "stateful"))) {
            throw GatewayError.badRequest("Stateful restores are not supported");
        }
        String snapshot = restore;
        int slash = restore.indexOf('/');
        if (slash >= 0) {
            if (!restore.substring(0, slash).equals(instance)) {
                throw GatewayError.badRequest("Snapshot \"" + restore + "\" does not belong to instance \""
                        + instance + "\"");
            }
            snapshot = restore.substring(slash + 1);
        }
        checkName(snapshot);
        return new RestoreSnapshot(project, instance, snapshot);
    }

    /** A create request's {@code source} of type {@code copy}: {@code source} names {@code c1} or {@code c1/s1}. */
    public static InstanceSource copySource(JsonNode source) {
        String from = JsonBodies.string(source, "source");
        if (from == null || from.isEmpty()) {
            throw GatewayError.badRequest("No source instance provided");
        }
        String server = JsonBodies.string(source, "server");
        String project = JsonBodies.string(source, "project");
        if ((server != null && !server.isEmpty()) || (project != null && !project.isEmpty())) {
            throw GatewayError.badRequest("Copies between servers or projects are not supported");
        }
        if (Boolean.TRUE.equals(JsonBodies.bool(source, "refresh"))) {
            throw GatewayError.badRequest("Refreshing a copy is not supported");
        }
        String[] parts = from.split("/", 2);
        InstanceRequests.checkName(parts[0]);
        if (parts.length == 2) {
            checkName(parts[1]);
        }
        JsonBodies.bool(source, "live");
        JsonBodies.string(source, "base-image");
        boolean instanceOnly = Boolean.TRUE.equals(JsonBodies.bool(source, "instance_only"))
                || Boolean.TRUE.equals(JsonBodies.bool(source, "container_only"));
        return new InstanceSource("copy", null, null, from, null, instanceOnly);
    }

    /** Refuses a bad snapshot name with LXD's reason. */
    public static void checkName(String name) {
        Names.snapshotNameError(name).ifPresent(error -> {
            throw GatewayError.badRequest(error);
        });
    }

    /** An RFC 3339 expiry; null or LXD's zero time means none. */
    static Instant expiry(String text) {
        if (text == null || text.isEmpty() || isZeroTime(text)) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw GatewayError.badRequest("Invalid expires_at \"" + text + "\": " + e.getMessage());
        }
    }

    /** LXD's zero time ({@code 0001-01-01T00:00:00Z}), which Go's client sends for "no expiry". */
    static boolean isZeroTime(String text) {
        return text != null && text.startsWith("0001-01-01");
    }
}
