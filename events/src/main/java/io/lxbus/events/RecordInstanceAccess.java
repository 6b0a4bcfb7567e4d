package io.lxbus.events;

import java.util.Map;

/**
 * Records a fact about an instance's data that did not ride on Kafka — a file pushed, pulled or deleted, the console
 * attached, read or cleared, a log read — so the instance service (the only writer of instance lifecycle events)
 * emits it with the instance's next {@code seq}. Sent after the executor did the work; it changes no record.
 *
 * @param project the project
 * @param name    the instance
 * @param action  one of {@link Actions#ACCESS_ACTIONS}, such as {@code instance-file-pushed}
 * @param context the event's context as LXD sends it, such as {@code {"path": "/etc/hosts"}}
 */
public record RecordInstanceAccess(String project, String name, String action, Map<String, Object> context)
        implements InstanceCommand {
}
