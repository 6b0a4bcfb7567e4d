package io.lxbus.events;

import java.time.Instant;

/**
 * The envelope every command travels in. The owner remembers handled {@code commandId}s, so a
 * command sent twice is applied once and answered with its first result.
 *
 * @param commandId   unique per command; set by the producer (the gateway or any other system)
 * @param operationId the operation the command serves; its result is keyed by this id
 * @param requestor   who asked
 * @param issuedAt    when the producer sent it
 * @param body        what to do
 * @param <B>         the owning service's command family, such as {@link InstanceCommand}
 */
public record Command<B>(String commandId, String operationId, Requestor requestor, Instant issuedAt, B body) {
}
