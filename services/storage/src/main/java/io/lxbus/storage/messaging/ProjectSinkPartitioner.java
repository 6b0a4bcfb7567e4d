package io.lxbus.storage.messaging;

import io.lxbus.events.wire.ProjectPartitioner;
import org.apache.kafka.streams.processor.StreamPartitioner;

import java.util.Optional;
import java.util.Set;

/** Writes project-scoped state records to the partition of their project, as every writer of those topics must. */
final class ProjectSinkPartitioner implements StreamPartitioner<String, byte[]> {
    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, byte[] value, int numPartitions) {
        return Optional.of(Set.of(ProjectPartitioner.partition(key, numPartitions)));
    }
}
