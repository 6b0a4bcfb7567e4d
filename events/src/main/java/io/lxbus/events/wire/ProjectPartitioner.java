package io.lxbus.events.wire;

import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Puts every record of a project in the same partition number of every topic: the partition of a
 * key {@code <project>/<rest>} is the partition Kafka's default partitioner gives the key
 * {@code <project>}. Commands keyed by project (by any producer, with the default partitioner) and
 * state records keyed {@code <project>/<name>} (written with this partitioner) are therefore
 * co-partitioned, so one task of the instance service sees all of a project. Every writer of a
 * project-scoped state topic sets {@code partitioner.class} to this class.
 */
public final class ProjectPartitioner implements Partitioner {

    /** The partition of a project-scoped key among {@code partitions}. */
    public static int partition(String key, int partitions) {
        String project = io.lxbus.events.Keys.projectOf(key);
        return Utils.toPositive(Utils.murmur2(project.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        if (!(key instanceof String text)) {
            throw new IllegalArgumentException("Project-scoped topics need String keys <project>/<name>; got " + key);
        }
        return partition(text, cluster.partitionCountForTopic(topic));
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
