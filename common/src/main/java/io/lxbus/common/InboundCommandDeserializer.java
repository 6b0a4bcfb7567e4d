package io.lxbus.common;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.lxbus.events.Command;
import io.lxbus.events.wire.Json;
import io.lxbus.events.wire.JsonSerde;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads {@code Command<C>} values and never throws: a value that cannot be read becomes an {@link InboundCommand}
 * carrying the reason and whatever ids could be salvaged, so one bad record is answered or skipped instead of
 * stopping the stream.
 *
 * @param <C> the command family, e.g. {@code InstanceCommand}
 */
public final class InboundCommandDeserializer<C> implements Deserializer<InboundCommand<C>> {
    private final JsonSerde<Command<C>> commands;

    /** A reader of one command family: {@code new InboundCommandDeserializer<>(new TypeReference<Command<X>>() { })}. */
    public InboundCommandDeserializer(TypeReference<Command<C>> type) {
        this.commands = JsonSerde.of(type);
    }

    @Override
    public InboundCommand<C> deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return InboundCommand.of(commands.deserialize(topic, data));
        } catch (RuntimeException e) {
            String reason = rootMessage(e);
            try {
                JsonNode tree = Json.mapper().readTree(data);
                return new InboundCommand<>(null, text(tree, "commandId"), text(tree, "operationId"), reason);
            } catch (Exception unreadable) {
                return new InboundCommand<>(null, null, null, reason);
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
