package io.lxbus.gateway.messaging;

import io.lxbus.events.RecordInstanceAccess;
import io.lxbus.events.Requestor;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.UUID;

/**
 * Facts about an instance's data that the gateway saw happen on an executor (a file pushed, the console read…): sent
 * to the instance service as {@link RecordInstanceAccess}, which alone writes instance lifecycle events. Sent once the
 * executor succeeded; the client's answer does not wait for the event (as the data did not wait for Kafka).
 */
@ApplicationScoped
public class InstanceFacts {
    private static final Logger LOG = Logger.getLogger(InstanceFacts.class);
    private final InstanceCommands commands;

    public InstanceFacts(InstanceCommands commands) {
        this.commands = commands;
    }

    /** Records {@code action} about instance {@code name} with LXD's context, on behalf of {@code requestor}. */
    public void record(String project, String name, String action, Map<String, Object> context, Requestor requestor) {
        String operationId = "fact-" + UUID.randomUUID();
        commands.send(new RecordInstanceAccess(project, name, action, context), operationId, requestor)
                .whenComplete((result, failure) -> {
                    if (failure != null) {
                        LOG.warnf("The fact %s about %s/%s was not recorded: %s", action, project, name,
                                failure.getMessage());
                    } else if (!result.success()) {
                        LOG.warnf("The instance service refused the fact %s about %s/%s: %s", action, project, name,
                                result.message());
                    }
                });
    }
}
