package io.lxbus.gateway.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.lxbus.events.CreateImageAlias;
import io.lxbus.events.DeleteImage;
import io.lxbus.events.DeleteImageAlias;
import io.lxbus.events.Image;
import io.lxbus.events.ImageAlias;
import io.lxbus.events.RenameImageAlias;
import io.lxbus.events.ReplaceImage;
import io.lxbus.events.ReplaceImageAlias;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Turns image and alias requests into storage commands, refusing bad names and ill-typed bodies first. */
public final class ImageRequests {
    private ImageRequests() {
    }

    /** {@code POST /1.0/images/aliases}; {@code resolve} turns a fingerprint prefix into the whole one. */
    public static CreateImageAlias createAlias(String project, byte[] body, UnaryOperator<String> resolve) {
        JsonNode root = JsonBodies.object(body);
        String name = JsonBodies.string(root, "name");
        checkAlias(name);
        String target = JsonBodies.string(root, "target");
        if (target == null || target.isEmpty()) {
            throw GatewayError.badRequest("name and target are required");
        }
        JsonBodies.string(root, "type");
        return new CreateImageAlias(project, name, resolve.apply(target), orEmpty(JsonBodies.string(root, "description")));
    }

    /** {@code PUT /1.0/images/aliases/{name}}: target and description whole. */
    public static ReplaceImageAlias replaceAlias(String project, String name, byte[] body, UnaryOperator<String> resolve) {
        checkAlias(name);
        JsonNode root = JsonBodies.object(body);
        String target = JsonBodies.string(root, "target");
        if (target == null || target.isEmpty()) {
            throw GatewayError.badRequest("The target is required");
        }
        return new ReplaceImageAlias(project, name, resolve.apply(target), orEmpty(JsonBodies.string(root, "description")));
    }

    /** {@code PATCH /1.0/images/aliases/{name}}: the fields present, over the alias as it is. */
    public static ReplaceImageAlias patchAlias(ImageAlias current, byte[] body, UnaryOperator<String> resolve) {
        JsonNode root = JsonBodies.object(body);
        String target = JsonBodies.string(root, "target");
        String description = JsonBodies.string(root, "description");
        return new ReplaceImageAlias(current.project(), current.name(),
                target == null || target.isEmpty() ? current.target() : resolve.apply(target),
                description == null ? orEmpty(current.description()) : description);
    }

    /** {@code POST /1.0/images/aliases/{name}} with {@code {"name":"new"}}. */
    public static RenameImageAlias renameAlias(String project, String name, byte[] body) {
        checkAlias(name);
        JsonNode root = JsonBodies.object(body);
        String newName = JsonBodies.string(root, "name");
        checkAlias(newName);
        return new RenameImageAlias(project, name, newName);
    }

    /** {@code DELETE /1.0/images/aliases/{name}}. */
    public static DeleteImageAlias deleteAlias(String project, String name) {
        checkAlias(name);
        return new DeleteImageAlias(project, name);
    }

    /** {@code PUT /1.0/images/{fingerprint}}: the writable fields whole. */
    public static ReplaceImage replaceImage(String project, String fingerprint, byte[] body) {
        JsonNode root = JsonBodies.object(body);
        JsonBodies.string(root, "expires_at");
        List<String> profiles = JsonBodies.stringList(root, "profiles");
        return new ReplaceImage(project, fingerprint, orEmpty(JsonBodies.stringMap(root, "properties")),
                Boolean.TRUE.equals(JsonBodies.bool(root, "public")),
                Boolean.TRUE.equals(JsonBodies.bool(root, "auto_update")), profiles == null ? List.of() : profiles);
    }

    /** {@code PATCH /1.0/images/{fingerprint}}: the fields present, over the image as it is. */
    public static ReplaceImage patchImage(Image current, byte[] body) {
        JsonNode root = JsonBodies.object(body);
        Map<String, String> properties = JsonBodies.stringMap(root, "properties");
        Map<String, String> merged = new LinkedHashMap<>(current.properties() == null ? Map.of() : current.properties());
        if (properties != null) {
            merged.putAll(properties);
        }
        Boolean isPublic = JsonBodies.bool(root, "public");
        Boolean autoUpdate = JsonBodies.bool(root, "auto_update");
        List<String> profiles = JsonBodies.stringList(root, "profiles");
        return new ReplaceImage(current.project(), current.fingerprint(), merged,
                isPublic == null ? current.isPublic() : isPublic, autoUpdate == null ? current.autoUpdate() : autoUpdate,
                profiles == null ? current.profiles() : profiles);
    }

    /** {@code DELETE /1.0/images/{fingerprint}}. */
    public static DeleteImage deleteImage(String project, String fingerprint) {
        return new DeleteImage(project, fingerprint);
    }

    /** Refuses an empty alias name or one with a slash, white space or control characters. */
    public static void checkAlias(String name) {
        if (name == null || name.isEmpty()) {
            throw GatewayError.badRequest("name and target are required");
        }
        if (name.contains("/") || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f || Character.isWhitespace(c))) {
            throw GatewayError.badRequest("Invalid alias name \"" + name
                    + "\": no slashes, white space or control characters");
        }
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static Map<String, String> orEmpty(Map<String, String> value) {
        return value == null ? new LinkedHashMap<>() : value;
    }
}
