package io.lxbus.events;

import java.time.Duration;
import java.util.List;

/**
 * The topic catalog: every topic lxbus uses, created idempotently at start by {@code infra/kafka}.
 * A deployment may put a prefix in front of every name ({@link #named(String, TopicSpec)}) so
 * several stacks can share one cluster.
 */
public final class Topics {
    /** Partitions of every keyed topic; topics that are joined must agree. */
    public static final int PARTITIONS = 3;

    /** Commands for the instance service (profiles now; instances and snapshots later). */
    public static final TopicSpec INSTANCE_COMMANDS = new TopicSpec("lxbus.instance.commands", PARTITIONS,
            Cleanup.DELETE, Duration.ofDays(1), "project", "any producer",
            "Command<InstanceCommand> envelopes for the instance service");
    /** Profiles' current records. */
    public static final TopicSpec PROFILES = new TopicSpec("lxbus.instance.profiles", PARTITIONS,
            Cleanup.COMPACT, null, "<project>/<name>", "instance", "Profile state records; tombstone = deleted");
    /** Command outcomes. */
    public static final TopicSpec RESULTS = new TopicSpec("lxbus.results", PARTITIONS,
            Cleanup.DELETE, Duration.ofDays(1), "operation id", "every command owner",
            "Result of each command, success or an error code and message");
    /** Lifecycle events, LXD's actions as CloudEvents. */
    public static final TopicSpec LIFECYCLE = new TopicSpec("lxbus.events.lifecycle", PARTITIONS,
            Cleanup.DELETE, Duration.ofDays(7), "API path with project (/1.0/profiles/p1?project=default)",
            "every resource owner", "LifecycleEvent records: durable, ordered per resource, replayable");
    /** Operations the gateway tracks. */
    public static final TopicSpec OPERATIONS = new TopicSpec("lxbus.gateway.operations", PARTITIONS,
            Cleanup.COMPACT, null, "operation id", "gateway", "Operation records as LXD serves them");

    /** Every topic, in the order they are documented. */
    public static final List<TopicSpec> ALL = List.of(INSTANCE_COMMANDS, PROFILES, RESULTS, LIFECYCLE, OPERATIONS);

    private Topics() {
    }

    /** The topic's real name under a deployment prefix (empty for none). */
    public static String named(String prefix, TopicSpec topic) {
        return (prefix == null ? "" : prefix) + topic.name();
    }
}
