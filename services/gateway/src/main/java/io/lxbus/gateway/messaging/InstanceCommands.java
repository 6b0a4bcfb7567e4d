package io.lxbus.gateway.messaging;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lxbus.events.Command;
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

import java.util.concurrent.CompletableFuture;

/**
 * Sends commands to the instance service ({@code lxbus.instance.commands}, keyed by project) and completes
 * with their result once the views show every write the result lists (read-your-writes). Failures complete
 * exceptionally with a {@link GatewayError}.
 */
@ApplicationScoped
public class InstanceCommands {
    private static final JsonSerde<Command<InstanceCommand>> SERDE = JsonSerde.of(new TypeReference<>() {
    });

    private final Operations operations;
    private final CommandSender<InstanceCommand> sender;

    public InstanceCommands(BusProducer producer, ResultsReader results, StateViews views, KafkaSettings settings,
                            GatewayConfig config, Operations operations) {
        this.operations = operations;
        this.sender = new CommandSender<>("instance service", producer, results, views,
                settings.topic(Topics.INSTANCE_COMMANDS), SERDE, InstanceCommand::project, config.commandTimeout());
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
        return sender.send(body, operationId, requestor);
    }
}
