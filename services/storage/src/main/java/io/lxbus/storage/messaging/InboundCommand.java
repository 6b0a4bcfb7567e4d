package io.lxbus.storage.messaging;

import io.lxbus.events.Command;
import io.lxbus.events.StorageCommand;

/**
 * A record read from the command topic: the command, or as much as could be read of a broken one.
 *
 * @param command     the command, or null when the value could not be read as one
 * @param commandId   the command id, when it could be read
 * @param operationId the operation id, when it could be read (a broken command is answered only if present)
 * @param problem     why the value could not be read; null when {@code command} is set
 */
public record InboundCommand(Command<StorageCommand> command, String commandId, String operationId, String problem) {

    /** A command that was read whole. */
    public static InboundCommand of(Command<StorageCommand> command) {
        return new InboundCommand(command, command.commandId(), command.operationId(), null);
    }

    /** Whether the value was read whole. */
    public boolean readable() {
        return command != null;
    }
}
