package io.lxbus.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Derives a JSON Schema (draft 2020-12) from a contract record the way {@code Json} writes it. */
final class SchemaGenerator {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SchemaGenerator() {
    }

    /** The schema of a record or a sealed command family; {@code bodyType} fills a type variable. */
    static ObjectNode schemaOf(Class<?> type, Class<?> bodyType) {
        ObjectNode schema = NODES.objectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", fileName(type));
        schema.put("title", type.getSimpleName());
        if (type.isInterface()) {
            ArrayNode oneOf = schema.putArray("oneOf");
            for (JsonSubTypes.Type sub : type.getAnnotation(JsonSubTypes.class).value()) {
                oneOf.addObject().put("$ref", fileName(sub.value()));
            }
            return schema;
        }
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        typeDiscriminator(type).ifPresent(name -> {
            properties.putObject("type").put("const", name);
            required.add("type");
        });
        for (RecordComponent component : type.getRecordComponents()) {
            String name = jsonName(component);
            properties.set(name, schemaOfType(component.getGenericType(), bodyType));
            if (component.getType().isPrimitive()) {
                required.add(name);
            }
        }
        return schema;
    }

    /** The file a type's schema lives in. */
    static String fileName(Class<?> type) {
        return type.getSimpleName() + ".schema.json";
    }

    private static java.util.Optional<String> typeDiscriminator(Class<?> type) {
        return Arrays.stream(type.getInterfaces())
                .filter(i -> i.isAnnotationPresent(JsonTypeInfo.class) && i.isAnnotationPresent(JsonSubTypes.class))
                .flatMap(i -> Arrays.stream(i.getAnnotation(JsonSubTypes.class).value()))
                .filter(sub -> sub.value().equals(type))
                .map(JsonSubTypes.Type::name)
                .findFirst();
    }

    private static String jsonName(RecordComponent component) {
        JsonProperty property = component.getAnnotation(JsonProperty.class);
        return property != null && !property.value().isEmpty() ? property.value() : component.getName();
    }

    private static JsonNode schemaOfType(Type type, Class<?> bodyType) {
        if (type instanceof TypeVariable<?>) {
            return ref(bodyType);
        }
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] args = parameterized.getActualTypeArguments();
            if (Map.class.isAssignableFrom(raw)) {
                ObjectNode node = nullable("object");
                node.set("additionalProperties", schemaOfType(args[1], bodyType));
                return node;
            }
            if (List.class.isAssignableFrom(raw)) {
                ObjectNode node = nullable("array");
                node.set("items", schemaOfType(args[0], bodyType));
                return node;
            }
            throw new IllegalArgumentException("Unsupported generic type " + type);
        }
        Class<?> raw = (Class<?>) type;
        if (raw == String.class) {
            return nullable("string");
        }
        if (raw == Instant.class) {
            return nullable("string").put("format", "date-time");
        }
        if (raw == long.class || raw == int.class) {
            return NODES.objectNode().put("type", "integer");
        }
        if (raw == Long.class || raw == Integer.class) {
            return nullable("integer");
        }
        if (raw == boolean.class) {
            return NODES.objectNode().put("type", "boolean");
        }
        if (raw == Boolean.class) {
            return nullable("boolean");
        }
        if (raw.isEnum()) {
            ObjectNode node = nullable("string");
            ArrayNode values = node.putArray("enum");
            Arrays.stream(raw.getEnumConstants()).forEach(c -> values.add(((Enum<?>) c).name()));
            values.addNull();
            return node;
        }
        if (raw == Object.class) {
            return NODES.objectNode();
        }
        if (raw.isRecord() || raw.isInterface()) {
            return ref(raw);
        }
        throw new IllegalArgumentException("Unsupported type " + type);
    }

    private static ObjectNode ref(Class<?> type) {
        ObjectNode node = NODES.objectNode();
        ArrayNode anyOf = node.putArray("anyOf");
        anyOf.addObject().put("$ref", fileName(type));
        anyOf.addObject().put("type", "null");
        return node;
    }

    private static ObjectNode nullable(String type) {
        ObjectNode node = NODES.objectNode();
        node.putArray("type").add(type).add("null");
        return node;
    }
}
