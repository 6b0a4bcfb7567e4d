package io.lxbus.gateway.domain;

import io.lxbus.events.Image;
import io.lxbus.events.ImageAlias;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Images and aliases in LXD's JSON shapes (shared/api/image.go). */
public final class LxdImage {
    private LxdImage() {
    }

    /** An image with the aliases that point at it. */
    public static Map<String, Object> render(Image image, List<ImageAlias> aliases, List<String> usedBy) {
        List<Map<String, Object>> names = new ArrayList<>();
        for (ImageAlias alias : aliases) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", alias.name());
            entry.put("description", alias.description() == null ? "" : alias.description());
            names.add(entry);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("auto_update", image.autoUpdate());
        out.put("properties", image.properties() == null ? Map.of() : new TreeMap<>(image.properties()));
        out.put("public", image.isPublic());
        out.put("expires_at", LxdInstance.NEVER);
        out.put("profiles", image.profiles() == null ? List.of("default") : image.profiles());
        out.put("aliases", names);
        out.put("architecture", image.architecture() == null ? "" : image.architecture());
        out.put("cached", false);
        out.put("filename", image.filename() == null ? "" : image.filename());
        out.put("fingerprint", image.fingerprint());
        out.put("size", image.size());
        out.put("type", image.type() == null || image.type().isEmpty() ? "container" : image.type());
        out.put("created_at", LxdInstance.time(image.createdAt()));
        out.put("last_used_at", LxdInstance.time(image.lastUsedAt()));
        out.put("uploaded_at", LxdInstance.time(image.uploadedAt()));
        out.put("used_by", usedBy);
        return out;
    }

    /** An alias: {@code {name,target,type,description}}. */
    public static Map<String, Object> alias(ImageAlias alias) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("description", alias.description() == null ? "" : alias.description());
        out.put("target", alias.target());
        out.put("name", alias.name());
        out.put("type", alias.type() == null || alias.type().isEmpty() ? "container" : alias.type());
        return out;
    }

    /**
     * The one fingerprint among {@code fingerprints} that starts with {@code prefix}.
     *
     * @throws GatewayError NOT_FOUND when none does, BAD_REQUEST when several do
     */
    public static String resolve(String prefix, Iterable<String> fingerprints) {
        String found = null;
        if (prefix != null && !prefix.isEmpty()) {
            for (String fingerprint : fingerprints) {
                if (fingerprint.equals(prefix)) {
                    return fingerprint;
                }
                if (fingerprint.startsWith(prefix)) {
                    if (found != null) {
                        throw GatewayError.badRequest("More than one image matches \"" + prefix + "\"");
                    }
                    found = fingerprint;
                }
            }
        }
        if (found == null) {
            throw new GatewayError(io.lxbus.events.ErrorCode.NOT_FOUND, "Image not found");
        }
        return found;
    }
}
