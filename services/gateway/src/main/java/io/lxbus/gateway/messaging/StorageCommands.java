package io.lxbus.gateway.messaging;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lxbus.events.Command;
import io.lxbus.events.StorageCommand;
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

import java.util.concurrent.CompletableFuture;

/**
 * Sends commands to the storage service ({@code lxbus.storage.commands}, keyed by project) and completes
 * with their result once the views show every write the result lists (read-your-writes). Failures complete
 * exceptionally with a {@link GatewayError}.
 */
@ApplicationScoped
public class StorageCommands {
    private static final JsonSerde<Command<StorageCommand>> SERDE = JsonSerde.of(new TypeReference<>() {
    });

    private final Operations operations;
    private final CommandSender<StorageCommand> sender;

    public StorageCommands(BusProducer producer, ResultsReader results, StateViews views, KafkaSettings settings,
                            GatewayConfig config, Operations operations) {
        this.operations = operations;
        this.sender = new CommandSender<>("storage service", producer, results, views,
                settings.topic(Topics.STORAGE_COMMANDS), SERDE, StorageCommand::project, config.commandTimeout());
    }

    /**
     * Runs a command as an LXD operation (for async endpoints): the operation's id is the command's
     * operation id, and the command's result, once visible in the views, ends it. Returns the operation
     * for the 202 answer.
     */
    public Operation startOperation(OperationSpec spec, StorageCommand body, Requestor requestor) {
        return operations.registry().create(spec, (operationId, progress) ->
                send(body, operationId, requestor).thenApply(OperationOutcome::of));
    }

    /** Sends a command for an operation and waits for its applied result (a failed result is still a result). */
    public CompletableFuture<Result> send(StorageCommand body, String operationId, Requestor requestor) {
        return sender.send(body, operationId, requestor);
    }
}
