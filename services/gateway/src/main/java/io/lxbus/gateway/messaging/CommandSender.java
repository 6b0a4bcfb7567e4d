package io.lxbus.gateway.messaging;

import io.lxbus.events.Command;
import io.lxbus.events.ErrorCode;
import io.lxbus.events.Requestor;
import io.lxbus.events.Result;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.gateway.domain.GatewayError;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Sends one owner's commands and completes with their result once the views show every write the result
 * lists (read-your-writes). Failures complete exceptionally with a {@link GatewayError}.
 *
 * @param <B> the owner's command family
 */
final class CommandSender<B> {
    private static final Logger LOG = Logger.getLogger(CommandSender.class);

    private final String owner;
    private final BusProducer producer;
    private final ResultsReader results;
    private final StateViews views;
    private final String topic;
    private final JsonSerde<Command<B>> serde;
    private final Function<B, String> keyOf;
    private final Duration timeout;

    CommandSender(String owner, BusProducer producer, ResultsReader results, StateViews views, String topic,
                  JsonSerde<Command<B>> serde, Function<B, String> keyOf, Duration timeout) {
        this.owner = owner;
        this.producer = producer;
        this.results = results;
        this.views = views;
        this.topic = topic;
        this.serde = serde;
        this.keyOf = keyOf;
        this.timeout = timeout;
    }

    /** Sends a command for an operation and waits for its applied result (a failed result is still a result). */
    CompletableFuture<Result> send(B body, String operationId, Requestor requestor) {
        if (!results.positioned()) {
            return CompletableFuture.failedFuture(new GatewayError(ErrorCode.UNAVAILABLE,
                    "The gateway is not connected to Kafka yet; try again shortly"));
        }
        Command<B> command = new Command<>(UUID.randomUUID().toString(), operationId, requestor, Instant.now(), body);
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<Result> result = results.expect(operationId);
        byte[] value = serde.serialize(topic, command);
        try {
            producer.send(topic, keyOf.apply(body), value, (metadata, failure) -> {
                if (failure != null) {
                    LOG.warnf(failure, "Command %s for operation %s not sent", command.commandId(), operationId);
                    result.completeExceptionally(new GatewayError(ErrorCode.UNAVAILABLE,
                            "Could not send the command to Kafka: " + failure.getMessage()));
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(new GatewayError(ErrorCode.UNAVAILABLE,
                    "Could not send the command to Kafka: " + e.getMessage()));
        }
        return result
                .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                        timedOut(failure) ? new GatewayError(ErrorCode.TIMEOUT, "Timed out waiting for the " + owner
                                + "; the change may still be applied (operation " + operationId + ")") : unwrap(failure)))
                .thenCompose(outcome -> outcome.success() ? visible(outcome, deadline, operationId)
                        : CompletableFuture.completedFuture(outcome));
    }

    private CompletableFuture<Result> visible(Result outcome, long deadline, String operationId) {
        long left = Math.max(1, deadline - System.nanoTime());
        return views.awaitWrites(outcome.writes())
                .orTimeout(left, TimeUnit.NANOSECONDS)
                .handle((ok, failure) -> {
                    if (failure != null) {
                        throw new GatewayError(ErrorCode.TIMEOUT, "The change was applied but is not visible yet"
                                + " (operation " + operationId + ")");
                    }
                    return outcome;
                });
    }

    private static boolean timedOut(Throwable failure) {
        return unwrap(failure) instanceof TimeoutException;
    }

    private static Throwable unwrap(Throwable failure) {
        while (failure instanceof CompletionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }
}
