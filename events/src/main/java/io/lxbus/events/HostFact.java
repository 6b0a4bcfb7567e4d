package io.lxbus.events;

import java.time.Instant;
import java.util.Map;

/**
 * Something that happened inside an instance on a host without changing any record (a command was run in it), on
 * {@code lxbus.executor.facts} keyed by {@code <project>/<name>} (project partitioned). Written by the executor of
 * the instance's host; the instance service, the only writer of instance lifecycle events, turns each into one.
 *
 * @param id           unique per fact
 * @param project      the instance's project
 * @param name         the instance's name
 * @param instanceUuid the instance's uuid, so a fact about an instance since deleted and re-created is dropped
 * @param host         the host it happened on
 * @param action       the lifecycle action it becomes, an {@link Actions} name such as {@code instance-exec}
 * @param context      the event's context, such as {@code {"command":["ls","-l"]}}
 * @param requestor    who asked for it
 * @param operationId  the API operation it belongs to; null when none
 * @param at           when it happened
 */
public record HostFact(String id, String project, String name, String instanceUuid, String host, String action,
                       Map<String, Object> context, Requestor requestor, String operationId, Instant at) {
}
