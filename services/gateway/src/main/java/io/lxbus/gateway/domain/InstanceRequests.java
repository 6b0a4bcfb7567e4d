package io.lxbus.gateway.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.lxbus.events.ChangeInstanceState;
import io.lxbus.events.CreateInstance;
import io.lxbus.events.DeleteInstance;
import io.lxbus.events.InstanceSource;
import io.lxbus.events.Names;
import io.lxbus.events.PatchInstance;
import io.lxbus.events.RenameInstance;
import io.lxbus.events.ReplaceInstance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Turns instance requests into commands, refusing bad names, ill-typed bodies and what lxbus does not do
 * (remote images, migration, stateful snapshots) before anything is sent.
 */
public final class InstanceRequests {
    /** The actions of {@code PUT /1.0/instances/{name}/state} and their operations' descriptions. */
    public static final Map<String, String> STATE_ACTIONS = Map.of(
            "start", "Starting instance",
            "stop", "Stopping instance",
            "restart", "Restarting instance",
            "freeze", "Freezing instance",
            "unfreeze", "Unfreezing instance");

    private static final List<String> ADJECTIVES = List.of("brave", "calm", "eager", "fond", "glad", "keen", "lucid",
            "merry", "noble", "proud", "quick", "sunny", "tidy", "vivid", "witty", "zesty");
    private static final List<String> NOUNS = List.of("badger", "crane", "dingo", "egret", "ferret", "gecko", "heron",
            "ibis", "koala", "lemur", "marten", "newt", "otter", "panda", "quail", "raven");

    /** What the gateway's views know about images, to resolve a source before sending it. */
    public interface ImageLookup {
        /** The fingerprint an alias points at. */
        Optional<String> aliasTarget(String alias);

        /** The full fingerprint a unique prefix stands for. */
        Optional<String> fingerprint(String prefix);
    }

    private InstanceRequests() {
    }

    /** {@code POST /1.0/instances}; an empty name gets a random one, as in LXD. */
    public static CreateInstance create(String project, byte[] body, ImageLookup images, Random random) {
        JsonNode root = JsonBodies.object(body);
        String name = JsonBodies.string(root, "name");
        if (name == null || name.isEmpty()) {
            name = ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "-" + NOUNS.get(random.nextInt(NOUNS.size()));
        }
        checkName(name);
        String type = JsonBodies.string(root, "type");
        if (type == null || type.isEmpty()) {
            type = "container";
        }
        if (!type.equals("container") && !type.equals("virtual-machine")) {
            throw GatewayError.badRequest("Invalid instance type \"" + type + "\"");
        }
        if (Boolean.TRUE.equals(JsonBodies.bool(root, "stateful"))) {
            throw GatewayError.badRequest("Stateful instances are not supported");
        }
        List<String> profiles = JsonBodies.stringList(root, "profiles");
        checkProfiles(profiles);
        JsonBodies.string(root, "architecture");
        JsonBodies.string(root, "instance_type");
        return new CreateInstance(project, name, type, orEmpty(JsonBodies.string(root, "description")), profiles,
                orEmpty(JsonBodies.stringMap(root, "config")), orEmptyDevices(JsonBodies.stringMaps(root, "devices")),
                Boolean.TRUE.equals(JsonBodies.bool(root, "ephemeral")), source(root, images),
                Boolean.TRUE.equals(JsonBodies.bool(root, "start")));
    }

    private static InstanceSource source(JsonNode root, ImageLookup images) {
        JsonNode source = JsonBodies.child(root, "source");
        if (source == null) {
            throw GatewayError.badRequest("No source provided: the request needs \"source\" with an image");
        }
        String type = JsonBodies.string(source, "type");
        if ("none".equals(type)) {
            return new InstanceSource("none", null, null);
        }
        if ("copy".equals(type)) {
            return SnapshotRequests.copySource(source);
        }
        if (!"image".equals(type)) {
            throw GatewayError.badRequest("Unsupported source type \"" + (type == null ? "" : type)
                    + "\": only \"image\", \"copy\" and \"none\" are supported");
        }
        String server = JsonBodies.string(source, "server");
        if (server != null && !server.isEmpty()) {
            throw GatewayError.badRequest("Remote images are not supported; import the image first (lxc image import)");
        }
        String fingerprint = JsonBodies.string(source, "fingerprint");
        String alias = JsonBodies.string(source, "alias");
        JsonBodies.string(source, "certificate");
        JsonBodies.bool(source, "allow_inconsistent");
        if ((fingerprint == null || fingerprint.isEmpty()) && (alias == null || alias.isEmpty())) {
            throw GatewayError.badRequest("Must specify one of alias or fingerprint for init from image");
        }
        if (fingerprint != null && !fingerprint.isEmpty()) {
            return new InstanceSource("image", images.fingerprint(fingerprint).orElse(fingerprint),
                    alias == null || alias.isEmpty() ? null : alias);
        }
        return new InstanceSource("image", images.aliasTarget(alias).orElse(null), alias);
    }

    /** {@code PUT /1.0/instances/{name}}: the writable fields whole. */
    public static ReplaceInstance replace(String project, String name, byte[] body, Long ifMatchRevision) {
        checkName(name);
        JsonNode root = JsonBodies.object(body);
        String restore = JsonBodies.string(root, "restore");
        if (restore != null && !restore.isEmpty()) {
            throw GatewayError.badRequest("Restoring snapshots is not supported yet");
        }
        if (Boolean.TRUE.equals(JsonBodies.bool(root, "stateful"))) {
            throw GatewayError.badRequest("Stateful instances are not supported");
        }
        JsonBodies.string(root, "architecture");
        List<String> profiles = JsonBodies.stringList(root, "profiles");
        checkProfiles(profiles);
        return new ReplaceInstance(project, name, orEmpty(JsonBodies.string(root, "description")),
                profiles == null ? List.of() : profiles, orEmpty(JsonBodies.stringMap(root, "config")),
                orEmptyDevices(JsonBodies.stringMaps(root, "devices")),
                Boolean.TRUE.equals(JsonBodies.bool(root, "ephemeral")), ifMatchRevision);
    }

    /** {@code PATCH /1.0/instances/{name}}: only the fields present change. */
    public static PatchInstance patch(String project, String name, byte[] body, Long ifMatchRevision) {
        checkName(name);
        JsonNode root = JsonBodies.object(body);
        List<String> profiles = JsonBodies.stringList(root, "profiles");
        checkProfiles(profiles);
        return new PatchInstance(project, name, JsonBodies.string(root, "description"), profiles,
                JsonBodies.stringMap(root, "config"), JsonBodies.stringMaps(root, "devices"),
                JsonBodies.bool(root, "ephemeral"), ifMatchRevision);
    }

    /** {@code POST /1.0/instances/{name}} with {@code {"name":"new"}}; migration is refused. */
    public static RenameInstance rename(String project, String name, byte[] body) {
        checkName(name);
        JsonNode root = JsonBodies.object(body);
        if (Boolean.TRUE.equals(JsonBodies.bool(root, "migration"))) {
            throw GatewayError.badRequest("Migration is not supported");
        }
        if (Boolean.TRUE.equals(JsonBodies.bool(root, "live"))) {
            throw GatewayError.badRequest("Live migration is not supported");
        }
        String pool = JsonBodies.string(root, "pool");
        String targetProject = JsonBodies.string(root, "project");
        if ((pool != null && !pool.isEmpty()) || (targetProject != null && !targetProject.isEmpty())) {
            throw GatewayError.badRequest("Moving instances between pools or projects is not supported");
        }
        String newName = JsonBodies.string(root, "name");
        checkName(newName);
        return new RenameInstance(project, name, newName);
    }

    /** {@code DELETE /1.0/instances/{name}}. */
    public static DeleteInstance delete(String project, String name) {
        checkName(name);
        return new DeleteInstance(project, name);
    }

    /** {@code PUT /1.0/instances/{name}/state} with {@code {action,timeout,force,stateful}}. */
    public static ChangeInstanceState changeState(String project, String name, byte[] body) {
        checkName(name);
        JsonNode root = JsonBodies.object(body);
        String action = JsonBodies.string(root, "action");
        if (action == null || !STATE_ACTIONS.containsKey(action)) {
            throw GatewayError.badRequest("Unknown action \"" + (action == null ? "" : action)
                    + "\": expected start, stop, restart, freeze or unfreeze");
        }
        if (Boolean.TRUE.equals(JsonBodies.bool(root, "stateful"))) {
            throw GatewayError.badRequest("Stateful start and stop are not supported");
        }
        Long timeout = JsonBodies.integer(root, "timeout");
        int seconds = timeout == null ? -1 : (int) Math.max(-1, Math.min(Integer.MAX_VALUE, timeout));
        return new ChangeInstanceState(project, name, action, Boolean.TRUE.equals(JsonBodies.bool(root, "force")),
                seconds, false);
    }

    /** Refuses a bad instance name with LXD's reason. */
    public static void checkName(String name) {
        Names.instanceNameError(name).ifPresent(error -> {
            throw GatewayError.badRequest(error);
        });
    }

    private static void checkProfiles(List<String> profiles) {
        if (profiles == null) {
            return;
        }
        for (String profile : profiles) {
            Names.profileNameError(profile).ifPresent(error -> {
                throw GatewayError.badRequest("Invalid profile in \"profiles\": " + error);
            });
        }
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static Map<String, String> orEmpty(Map<String, String> value) {
        return value == null ? new LinkedHashMap<>() : value;
    }

    private static Map<String, Map<String, String>> orEmptyDevices(Map<String, Map<String, String>> value) {
        return value == null ? new LinkedHashMap<>() : value;
    }
}
