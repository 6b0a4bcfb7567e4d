package io.lxbus.infra.kafka;

import io.lxbus.events.Cleanup;
import io.lxbus.events.TopicSpec;
import io.lxbus.events.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates every topic of the catalog ({@link Topics#ALL}) idempotently and aligns existing ones with it. */
public final class CreateTopics {
    private CreateTopics() {
    }

    /** Command line: {@code CreateTopics --bootstrap HOST:PORT [--prefix P]}; prints one line per topic. */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = parseArgs(args);
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.get("--bootstrap"));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(props)) {
            createAll(admin, options.getOrDefault("--prefix", "")).forEach(System.out::println);
        }
    }

    /** Creates or aligns every catalog topic under the prefix (null or empty for none); returns one line per topic. */
    public static List<String> createAll(Admin admin, String prefix) throws InterruptedException, ExecutionException {
        Map<String, TopicSpec> wanted = new LinkedHashMap<>();
        Topics.ALL.forEach(spec -> wanted.put(Topics.named(prefix, spec), spec));
        Set<String> existing = admin.listTopics().names().get();

        // Create the missing ones in one request; a concurrent creator winning the race is fine.
        List<NewTopic> missing = wanted.entrySet().stream().filter(e -> !existing.contains(e.getKey()))
                .map(e -> newTopic(e.getKey(), e.getValue())).toList();
        Map<String, String> outcome = new LinkedHashMap<>();
        admin.createTopics(missing).values().forEach((name, future) -> {
            try {
                future.get();
                outcome.put(name, "created");
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted creating topic " + name, e);
            }
        });

        // Align whatever already existed: grow partitions, set the catalog's configs.
        List<String> present = wanted.keySet().stream().filter(name -> !outcome.containsKey(name)).toList();
        if (!present.isEmpty()) {
            alignExisting(admin, present, wanted, outcome);
        }

        List<String> lines = new ArrayList<>();
        wanted.forEach((name, spec) -> lines.add(describe(name, spec, outcome.get(name))));
        return lines;
    }

    /** The topic configs the catalog sets for a topic: cleanup.policy and, when given, retention.ms. */
    public static Map<String, String> configsOf(TopicSpec spec) {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, spec.cleanup() == Cleanup.COMPACT
                ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE);
        if (spec.retention() != null) {
            configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(spec.retention().toMillis()));
        }
        return configs;
    }

    /** The catalog configs whose current value differs (absent values count as different). */
    static Map<String, String> differing(Map<String, String> wanted, Map<String, String> current) {
        Map<String, String> diff = new LinkedHashMap<>();
        wanted.forEach((key, value) -> {
            if (!value.equals(current.get(key))) {
                diff.put(key, value);
            }
        });
        return diff;
    }

    /** Parses {@code --bootstrap HOST:PORT [--prefix P]}; a later repeat of an option wins. */
    static Map<String, String> parseArgs(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.equals("--bootstrap") && !arg.equals("--prefix")) {
                throw new IllegalArgumentException("unknown option " + arg + "; usage: --bootstrap HOST:PORT [--prefix P]");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            options.put(arg, args[++i]);
        }
        if (!options.containsKey("--bootstrap")) {
            throw new IllegalArgumentException("--bootstrap HOST:PORT is required");
        }
        return options;
    }

    private static NewTopic newTopic(String name, TopicSpec spec) {
        // Replication -1: the broker's default.replication.factor decides (1 on a single node).
        return new NewTopic(name, Optional.of(spec.partitions()), Optional.empty())
                .configs(configsOf(spec));
    }

    private static void alignExisting(Admin admin, Collection<String> names, Map<String, TopicSpec> wanted,
                                      Map<String, String> outcome) throws InterruptedException, ExecutionException {
        Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
        List<ConfigResource> resources = names.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();

        Map<String, NewPartitions> grow = new LinkedHashMap<>();
        Map<ConfigResource, Collection<AlterConfigOp>> alter = new LinkedHashMap<>();
        for (String name : names) {
            TopicSpec spec = wanted.get(name);
            List<String> changes = new ArrayList<>();
            int partitions = descriptions.get(name).partitions().size();
            if (partitions < spec.partitions()) {
                grow.put(name, NewPartitions.increaseTo(spec.partitions()));
                changes.add("partitions " + partitions + "->" + spec.partitions());
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
            Map<String, String> current = new LinkedHashMap<>();
            configs.get(resource).entries().forEach(entry -> current.put(entry.name(), entry.value()));
            Map<String, String> diff = differing(configsOf(spec), current);
            if (!diff.isEmpty()) {
                alter.put(resource, diff.entrySet().stream()
                        .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                        .toList());
                changes.add("configs " + diff.keySet());
            }
            outcome.put(name, changes.isEmpty() ? "exists" : "aligned (" + String.join(", ", changes) + ")");
        }
        if (!grow.isEmpty()) {
            admin.createPartitions(grow).all().get();
        }
        if (!alter.isEmpty()) {
            admin.incrementalAlterConfigs(alter).all().get();
        }
    }

    private static String describe(String name, TopicSpec spec, String outcome) {
        return String.format("%-40s %-8s partitions=%d %s", name, outcome, spec.partitions(), configsOf(spec));
    }
}
