package io.lxbus.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one command, published on {@code lxbus.results} keyed by operation id.
 *
 * @param operationId the operation the command served
 * @param commandId   the command this answers
 * @param success     whether the command was applied
 * @param error       why it failed; null on success
 * @param message     a sentence a user can act on; empty on success
 * @param source      the API path of the resource the command touched (after a rename, the new one)
 * @param writes      every state record the command wrote, so readers can wait to see them
 * @param metadata    extra facts for the operation's metadata (for example an image fingerprint)
 * @param at          when the owner decided
 */
public record Result(
        String operationId,
        String commandId,
        boolean success,
        ErrorCode error,
        String message,
        String source,
        List<StateWrite> writes,
        Map<String, Object> metadata,
        Instant at) {

    /** A successful outcome. */
    public static Result ok(Command<?> command, String source, List<StateWrite> writes, Map<String, Object> metadata,
                            Instant at) {
        return new Result(command.operationId(), command.commandId(), true, null, "", source, List.copyOf(writes),
                metadata == null ? Map.of() : metadata, at);
    }

    /** A failed outcome; nothing was changed. */
    public static Result failed(Command<?> command, ErrorCode error, String message, Instant at) {
        return new Result(command.operationId(), command.commandId(), false, error, message, "", List.of(), Map.of(), at);
    }
}
