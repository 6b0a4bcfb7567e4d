package io.lxbus.gateway.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads request bodies into JSON trees and typed fields, with messages that say what was wrong and where
 * (LXD decodes into Go structs, so a wrong type is a 400 before anything happens).
 */
public final class JsonBodies {
    private static final ObjectMapper TREES = JsonMapper.builder().build();

    private JsonBodies() {
    }

    /** The body as a JSON object. */
    public static JsonNode object(byte[] body) {
        if (body == null || body.length == 0) {
            throw GatewayError.badRequest("The request body is empty; a JSON object is required");
        }
        JsonNode root;
        try {
            root = TREES.readTree(body);
        } catch (JsonProcessingException e) {
            throw GatewayError.badRequest("Invalid JSON in request body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw GatewayError.badRequest("Unreadable request body: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw GatewayError.badRequest("The request body is empty; a JSON object is required");
        }
        if (!root.isObject()) {
            throw GatewayError.badRequest("The request body must be a JSON object, not " + kind(root));
        }
        return root;
    }

    /** A string field; null when absent or null. */
    public static String string(JsonNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw GatewayError.badRequest("Invalid value for \"" + field + "\": expected a string, got " + kind(node));
        }
        return node.textValue();
    }

    /** A map of strings (such as {@code config}); null when absent or null. */
    public static Map<String, String> stringMap(JsonNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        return stringValues(node, field);
    }

    /** A map of maps of strings (such as {@code devices}); null when absent or null. */
    public static Map<String, Map<String, String>> stringMaps(JsonNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw GatewayError.badRequest("Invalid value for \"" + field + "\": expected an object, got " + kind(node));
        }
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String where = field + "." + entry.getKey();
            out.put(entry.getKey(), entry.getValue().isNull() ? new LinkedHashMap<>() : stringValues(entry.getValue(), where));
        }
        return out;
    }

    /** A boolean field; null when absent or null. */
    public static Boolean bool(JsonNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw GatewayError.badRequest("Invalid value for \"" + field + "\": expected a boolean, got " + kind(node));
        }
        return node.booleanValue();
    }

    /** A whole-number field; null when absent or null. */
    public static Long integer(JsonNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw GatewayError.badRequest("Invalid value for \"" + field + "\": expected an integer, got " + kind(node));
        }
        return node.longValue();
    }

    /** A list of strings (such as {@code profiles}); null when absent or null. */
    public static List<String> stringList(JsonNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw GatewayError.badRequest("Invalid value for \"" + field + "\": expected an array, got " + kind(node));
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw GatewayError.badRequest("Invalid value in \"" + field + "\": expected a string, got " + kind(item));
            }
            out.add(item.textValue());
        }
        return out;
    }

    /** A nested object field; null when absent or null. */
    public static JsonNode child(JsonNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw GatewayError.badRequest("Invalid value for \"" + field + "\": expected an object, got " + kind(node));
        }
        return node;
    }

    private static Map<String, String> stringValues(JsonNode node, String where) {
        if (!node.isObject()) {
            throw GatewayError.badRequest("Invalid value for \"" + where + "\": expected an object, got " + kind(node));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                out.put(entry.getKey(), "");
            } else if (value.isTextual()) {
                out.put(entry.getKey(), value.textValue());
            } else {
                throw GatewayError.badRequest("Invalid value for \"" + where + "." + entry.getKey()
                        + "\": expected a string, got " + kind(value));
            }
        }
        return out;
    }

    private static String kind(JsonNode node) {
        switch (node.getNodeType()) {
            case ARRAY:
                return "an array";
            case OBJECT:
                return "an object";
            case BOOLEAN:
                return "a boolean";
            case NUMBER:
                return "a number";
            case STRING:
                return "a string";
            case NULL:
                return "null";
            default:
                return node.getNodeType().name().toLowerCase();
        }
    }
}
