package io.lxbus.gateway.messaging;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lxbus.events.Command;
import io.lxbus.events.ErrorCode;
import io.lxbus.events.InstanceCommand;
import io.lxbus.events.Operation;
import io.lxbus.events.Requestor;
import io.lxbus.events.Result;
import io.lxbus.events.Topics;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.gateway.GatewayConfig;
import io.lxbus.gateway.domain.GatewayError;
import io.lxbus.gateway.domain.OperationOutcome;
import io.lxbus.gateway.domain.OperationSpec;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends commands to the instance service and completes with their result once the views show every write
 * the result lists (read-your-writes). Failures complete exceptionally with a {@link GatewayError}.
 */
@ApplicationScoped
public class InstanceCommands {
    private static final Logger LOG = Logger.getLogger(InstanceCommands.class);
    private static final JsonSerde<Command<InstanceCommand>> SERDE = JsonSerde.of(new TypeReference<>() {
    });

    private final BusProducer producer;
    private final Operations operations;
    private final ResultsReader results;
    private final StateViews views;
    private final String topic;
    private final Duration timeout;

    public InstanceCommands(BusProducer producer, ResultsReader results, StateViews views, KafkaSettings settings,
                            GatewayConfig config, Operations operations) {
        this.producer = producer;
        this.operations = operations;
        this.results = results;
        this.views = views;
        this.topic = settings.topic(Topics.INSTANCE_COMMANDS);
        this.timeout = config.commandTimeout();
    }

    /**
     * Runs a command as an LXD operation (for async endpoints): the operation's id is the command's
     * operation id, and the command's result, once visible in the views, ends it. Returns the operation
     * for the 202 answer.
     */
    public Operation startOperation(OperationSpec spec, InstanceCommand body, Requestor requestor) {
        return operations.registry().create(spec, (operationId, progress) ->
                send(body, operationId, requestor).thenApply(OperationOutcome::of));
    }

    /** Sends a command for an operation and waits for its applied result (a failed result is still a result). */
    public CompletableFuture<Result> send(InstanceCommand body, String operationId, Requestor requestor) {
        if (!results.positioned()) {
            return CompletableFuture.failedFuture(new GatewayError(ErrorCode.UNAVAILABLE,
                    "The gateway is not connected to Kafka yet; try again shortly"));
        }
        Command<InstanceCommand> command = new Command<>(UUID.randomUUID().toString(), operationId, requestor,
                Instant.now(), body);
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<Result> result = results.expect(operationId);
        byte[] value = SERDE.serialize(topic, command);
        try {
            producer.send(topic, body.project(), value, (metadata, failure) -> {
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
                        timedOut(failure) ? new GatewayError(ErrorCode.TIMEOUT,
                                "Timed out waiting for the instance service; the change may still be applied (operation "
                                        + operationId + ")") : unwrap(failure)))
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
        while (failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }
}
