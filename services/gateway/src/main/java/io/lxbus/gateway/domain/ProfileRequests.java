package io.lxbus.gateway.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.lxbus.events.CreateProfile;
import io.lxbus.events.DeleteProfile;
import io.lxbus.events.Names;
import io.lxbus.events.PatchProfile;
import io.lxbus.events.RenameProfile;
import io.lxbus.events.ReplaceProfile;

import java.util.LinkedHashMap;
import java.util.Map;

/** Turns profile requests into commands, refusing bad names and ill-typed bodies before anything is sent. */
public final class ProfileRequests {
    private ProfileRequests() {
    }

    /** {@code POST /1.0/profiles}. */
    public static CreateProfile create(String project, byte[] body) {
        JsonNode root = JsonBodies.object(body);
        String name = JsonBodies.string(root, "name");
        checkName(name);
        return new CreateProfile(project, name, orEmpty(JsonBodies.string(root, "description")),
                orEmpty(JsonBodies.stringMap(root, "config")), orEmptyDevices(JsonBodies.stringMaps(root, "devices")));
    }

    /** {@code PUT /1.0/profiles/{name}}: the writable fields whole. */
    public static ReplaceProfile replace(String project, String name, byte[] body, Long ifMatchRevision) {
        checkName(name);
        JsonNode root = JsonBodies.object(body);
        return new ReplaceProfile(project, name, orEmpty(JsonBodies.string(root, "description")),
                orEmpty(JsonBodies.stringMap(root, "config")), orEmptyDevices(JsonBodies.stringMaps(root, "devices")),
                ifMatchRevision);
    }

    /** {@code PATCH /1.0/profiles/{name}}: only the fields present change. */
    public static PatchProfile patch(String project, String name, byte[] body, Long ifMatchRevision) {
        checkName(name);
        JsonNode root = JsonBodies.object(body);
        return new PatchProfile(project, name, JsonBodies.string(root, "description"),
                JsonBodies.stringMap(root, "config"), JsonBodies.stringMaps(root, "devices"), ifMatchRevision);
    }

    /** {@code POST /1.0/profiles/{name}} with {@code {"name":"new"}}. */
    public static RenameProfile rename(String project, String name, byte[] body) {
        checkName(name);
        JsonNode root = JsonBodies.object(body);
        String newName = JsonBodies.string(root, "name");
        checkName(newName);
        return new RenameProfile(project, name, newName);
    }

    /** {@code DELETE /1.0/profiles/{name}}. */
    public static DeleteProfile delete(String project, String name) {
        checkName(name);
        return new DeleteProfile(project, name);
    }

    private static void checkName(String name) {
        Names.profileNameError(name).ifPresent(error -> {
            throw GatewayError.badRequest(error);
        });
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
