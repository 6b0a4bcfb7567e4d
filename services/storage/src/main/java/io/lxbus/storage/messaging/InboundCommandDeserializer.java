package io.lxbus.storage.messaging;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.lxbus.events.Command;
import io.lxbus.events.StorageCommand;
import io.lxbus.events.wire.Json;
import io.lxbus.events.wire.JsonSerde;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads {@code Command<StorageCommand>} values and never throws: a broken value becomes an answerable problem. */
public final class InboundCommandDeserializer implements Deserializer<InboundCommand> {
    private static final JsonSerde<Command<StorageCommand>> COMMANDS =
            JsonSerde.of(new TypeReference<Command<StorageCommand>>() { });

    @Override
    public InboundCommand deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return InboundCommand.of(COMMANDS.deserialize(topic, data));
        } catch (RuntimeException e) {
            String reason = rootMessage(e);
            try {
                JsonNode tree = Json.mapper().readTree(data);
                return new InboundCommand(null, text(tree, "commandId"), text(tree, "operationId"), reason);
            } catch (Exception unreadable) {
                return new InboundCommand(null, null, null, reason);
            }
        }
    }

    private static String text(JsonNode tree, String field) {
        JsonNode node = tree == null ? null : tree.get(field);
        return node != null && node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
