package io.lxbus.storage.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An image's {@code metadata.yaml}, as LXD reads it.
 *
 * @param architecture  e.g. {@code x86_64}
 * @param creationDate  when the image was built
 * @param properties    free properties ({@code os}, {@code release}, {@code description})
 * @param hasTemplates  whether it declares any templates
 */
public record ImageMetadata(String architecture, Instant creationDate, Map<String, String> properties,
                            boolean hasTemplates) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Reads {@code metadata.yaml}; rejects it unless it has {@code architecture}, {@code creation_date} and {@code properties}. */
    public static ImageMetadata parse(byte[] yaml) throws ImageRejected {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (Exception e) {
            throw new ImageRejected("Could not parse metadata.yaml: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new ImageRejected("Could not parse metadata.yaml: not a mapping");
        }
        JsonNode architecture = root.get("architecture");
        if (architecture == null || !architecture.isValueNode() || architecture.asText().isBlank()) {
            throw new ImageRejected("Invalid image metadata: missing architecture");
        }
        JsonNode created = root.get("creation_date");
        if (created == null || !created.canConvertToLong()) {
            throw new ImageRejected("Invalid image metadata: creation_date must be a unix timestamp");
        }
        JsonNode properties = root.get("properties");
        if (properties == null || !properties.isObject()) {
            throw new ImageRejected("Invalid image metadata: missing properties");
        }
        Map<String, String> props = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            props.put(entry.getKey(), entry.getValue().isNull() ? "" : entry.getValue().asText());
        }
        JsonNode templates = root.get("templates");
        return new ImageMetadata(Architectures.normalize(architecture.asText()),
                Instant.ofEpochSecond(created.asLong()), Map.copyOf(props),
                templates != null && templates.isObject() && templates.size() > 0);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
