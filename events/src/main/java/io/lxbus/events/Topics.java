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

    /** Commands for the instance service (profiles and instances). */
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

    /** Instances' current records. */
    public static final TopicSpec INSTANCES = new TopicSpec("lxbus.instance.instances", PARTITIONS,
            Cleanup.COMPACT, null, "<project>/<name>, project partitioned", "instance",
            "Instance state records: config, devices, status, desired power, pending action; tombstone = deleted");
    /** Instance snapshots' current records. */
    public static final TopicSpec SNAPSHOTS = new TopicSpec("lxbus.instance.snapshots", PARTITIONS,
            Cleanup.COMPACT, null, "<project>/<instance>/<snapshot>, project partitioned", "instance",
            "Snapshot state records: what each snapshot holds, its status; tombstone = deleted");
    /** Id maps of instances. */
    public static final TopicSpec IDMAPS = new TopicSpec("lxbus.idmap.maps", PARTITIONS,
            Cleanup.COMPACT, null, "<project>/<instance>, project partitioned", "idmap",
            "IdMap records: each instance's uid/gid map, or why none could be made");
    /** The map every unprivileged, non-isolated instance without raw.idmap gets, decided once. */
    public static final TopicSpec IDMAP_SHARED = new TopicSpec("lxbus.idmap.shared", 1,
            Cleanup.COMPACT, null, "shared", "idmap",
            "SharedIdmap: root's main ranges as the map instances share, or why there is none");
    /**
     * Every instance record again, in one partition, written by the instance service in the same transaction as the
     * record itself: the idmap service's single ledger task reads the records of all projects in one order, so
     * isolated ranges are decided against every other isolated instance, one hop after the record is written.
     * Compacted like {@link #INSTANCES}, so it always holds every live instance's latest record.
     */
    public static final TopicSpec IDMAP_LEDGER_IN = new TopicSpec("lxbus.idmap.ledger-in", 1,
            Cleanup.COMPACT, null, "<project>/<name>", "instance",
            "Instance records again, in the idmap ledger's one partition (the same transaction as lxbus.instance.instances)");
    /** Commands for the storage service. */
    public static final TopicSpec STORAGE_COMMANDS = new TopicSpec("lxbus.storage.commands", PARTITIONS,
            Cleanup.DELETE, Duration.ofDays(1), "project", "any producer",
            "Command<StorageCommand> envelopes: image and alias changes");
    /** Storage pools. */
    public static final TopicSpec POOLS = new TopicSpec("lxbus.storage.pools", PARTITIONS,
            Cleanup.COMPACT, null, "<pool>", "storage", "StoragePool records");
    /** Storage volumes. */
    public static final TopicSpec VOLUMES = new TopicSpec("lxbus.storage.volumes", PARTITIONS,
            Cleanup.COMPACT, null, "<project>/<pool>/<type>/<name>, project partitioned", "storage",
            "Volume records: instance roots, unpacked images, custom volumes");
    /** Images. */
    public static final TopicSpec IMAGES = new TopicSpec("lxbus.storage.images", PARTITIONS,
            Cleanup.COMPACT, null, "<project>/<fingerprint>, project partitioned", "storage", "Image records");
    /** Image aliases. */
    public static final TopicSpec IMAGE_ALIASES = new TopicSpec("lxbus.storage.image-aliases", PARTITIONS,
            Cleanup.COMPACT, null, "<project>/<alias>, project partitioned", "storage", "ImageAlias records");
    /** What each host really runs. */
    public static final TopicSpec RUNTIME = new TopicSpec("lxbus.executor.runtime", PARTITIONS,
            Cleanup.COMPACT, null, "<project>/<name>, project partitioned", "executor of the instance's host",
            "InstanceRuntime records: status, pid, the last finished action");
    /** Hosts and their executors' internal API addresses. */
    public static final TopicSpec HOSTS = new TopicSpec("lxbus.executor.hosts", PARTITIONS,
            Cleanup.COMPACT, null, "<host>", "executor", "ExecutorHost records");

    /** Things that happened inside instances (a command run), for the instance service to turn into events. */
    public static final TopicSpec FACTS = new TopicSpec("lxbus.executor.facts", PARTITIONS,
            Cleanup.DELETE, Duration.ofDays(1), "<project>/<name>, project partitioned", "executor of the instance's host",
            "HostFact records: what happened inside an instance; the instance service emits the lifecycle event");

    /** Every topic, in the order they are documented. */
    public static final List<TopicSpec> ALL = List.of(INSTANCE_COMMANDS, PROFILES, RESULTS, LIFECYCLE, OPERATIONS,
            INSTANCES, SNAPSHOTS, IDMAPS, IDMAP_SHARED, IDMAP_LEDGER_IN, STORAGE_COMMANDS, POOLS, VOLUMES, IMAGES, IMAGE_ALIASES, RUNTIME, HOSTS,
            FACTS);

    private Topics() {
    }

    /** The topic's real name under a deployment prefix (empty for none). */
    public static String named(String prefix, TopicSpec topic) {
        return (prefix == null ? "" : prefix) + topic.name();
    }
}
