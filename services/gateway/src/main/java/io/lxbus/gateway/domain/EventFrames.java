package io.lxbus.gateway.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lxbus.events.LifecycleData;
import io.lxbus.events.LifecycleEvent;
import io.lxbus.events.Operation;
import io.lxbus.events.wire.Json;

import java.time.Instant;

/** LXD's {@code /1.0/events} frames: one JSON event per text frame, ending in a newline. */
public final class EventFrames {
    private EventFrames() {
    }

    /** An {@code operation} event carrying the whole operation. */
    public static String operation(Operation operation, String project) {
        ObjectNode event = envelope("operation", operation.updatedAt(), project);
        event.set("metadata", Json.mapper().valueToTree(operation));
        return text(event);
    }

    /** A {@code lifecycle} event; {@code context} and {@code requestor} are left out when empty, as LXD does. */
    public static String lifecycle(LifecycleEvent lifecycle) {
        ObjectNode event = envelope("lifecycle", lifecycle.time(), lifecycle.project());
        LifecycleData data = lifecycle.data();
        ObjectNode metadata = event.putObject("metadata");
        metadata.put("action", data.action());
        metadata.put("source", data.source());
        if (data.context() != null && !data.context().isEmpty()) {
            metadata.set("context", Json.mapper().valueToTree(data.context()));
        }
        if (data.requestor() != null) {
            metadata.set("requestor", Json.mapper().valueToTree(data.requestor()));
        }
        event.put("location", lifecycle.location() == null ? "none" : lifecycle.location());
        event.put("project", lifecycle.project());
        return text(event);
    }

    private static ObjectNode envelope(String type, Instant time, String project) {
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("type", type);
        event.put("timestamp", (time == null ? Instant.now() : time).toString());
        event.putNull("metadata");
        event.put("location", "none");
        event.put("project", project == null ? "default" : project);
        return event;
    }

    private static String text(ObjectNode event) {
        try {
            return Json.mapper().writeValueAsString(event) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an event frame", e);
        }
    }
}
