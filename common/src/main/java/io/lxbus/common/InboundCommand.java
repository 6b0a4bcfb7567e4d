package io.lxbus.common;

import io.lxbus.events.Command;

/**
 * A record read from a command topic: the command, or as much as could be read of a broken one.
 *
 * @param command     the command, or null when the value could not be read as one
 * @param commandId   the command id, when it could be read
 * @param operationId the operation id, when it could be read (a broken command is answered only if present)
 * @param problem     why the value could not be read; null when {@code command} is set
 * @param <C>         the command family, e.g. {@code InstanceCommand}
 */
public record InboundCommand<C>(Command<C> command, String commandId, String operationId, String problem) {

    /** A command that was read whole. */
    public static <C> InboundCommand<C> of(Command<C> command) {
        return new InboundCommand<>(command, command.commandId(), command.operationId(), null);
    }

    /** Whether the value was read whole. */
    public boolean readable() {
        return command != null;
    }
}
