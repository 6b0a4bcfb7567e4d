package io.lxbus.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a new schema can replace an old one: readers of either version must accept the
 * other's records. Removing a property, narrowing a type or enum, or newly requiring a property
 * breaks that; adding an optional property does not.
 */
final class SchemaCompatibility {
    private SchemaCompatibility() {
    }

    /** Every incompatibility between the schemas, as sentences; empty when compatible. */
    static List<String> breakingChanges(String where, JsonNode before, JsonNode after) {
        List<String> problems = new ArrayList<>();
        compare(where, before, after, problems);
        Set<String> requiredBefore = texts(before.path("required"));
        for (String name : texts(after.path("required"))) {
            if (!requiredBefore.contains(name)) {
                problems.add(where + ": property \"" + name + "\" became required");
            }
        }
        return problems;
    }

    private static void compare(String where, JsonNode before, JsonNode after, List<String> problems) {
        if (!types(after).containsAll(types(before))) {
            problems.add(where + ": type narrowed from " + types(before) + " to " + types(after));
        }
        if (!refs(after).containsAll(refs(before))) {
            problems.add(where + ": reference " + refs(before) + " replaced by " + refs(after));
        }
        if (!before.path("const").equals(after.path("const"))) {
            problems.add(where + ": const changed from " + before.path("const") + " to " + after.path("const"));
        }
        if (before.has("enum") && !texts(after.path("enum")).containsAll(texts(before.path("enum")))) {
            problems.add(where + ": enum values removed");
        }
        before.path("properties").fieldNames().forEachRemaining(name -> {
            JsonNode next = after.path("properties").get(name);
            if (next == null) {
                problems.add(where + ": property \"" + name + "\" was removed");
            } else {
                compare(where + "." + name, before.path("properties").get(name), next, problems);
            }
        });
        for (String nested : List.of("additionalProperties", "items")) {
            if (before.has(nested)) {
                compare(where + "[" + nested + "]", before.get(nested), after.path(nested), problems);
            }
        }
    }

    /** The JSON types a value may have, including those allowed through {@code anyOf}. */
    private static Set<String> types(JsonNode node) {
        Set<String> types = texts(node.path("type"));
        node.path("anyOf").forEach(option -> types.addAll(texts(option.path("type"))));
        return types;
    }

    /** The schemas a value may refer to, directly or through {@code anyOf}/{@code oneOf}. */
    private static Set<String> refs(JsonNode node) {
        Set<String> refs = texts(node.path("$ref"));
        for (String key : List.of("anyOf", "oneOf")) {
            node.path(key).forEach(option -> refs.addAll(texts(option.path("$ref"))));
        }
        return refs;
    }

    private static Set<String> texts(JsonNode node) {
        Set<String> values = new HashSet<>();
        if (node.isArray()) {
            node.forEach(n -> values.add(n.isNull() ? "null" : n.asText()));
        } else if (!node.isMissingNode()) {
            values.add(node.asText());
        }
        return values;
    }
}
