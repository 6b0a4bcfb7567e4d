package io.lxbus.events;

import io.lxbus.events.wire.ProjectPartitioner;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectPartitionerTest {
    @Test
    void every_key_of_a_project_lands_where_the_default_partitioner_puts_the_project() {
        for (String project : new String[]{"default", "dev", "p-1", "ünï"}) {
            int byDefault = Utils.toPositive(Utils.murmur2(project.getBytes(StandardCharsets.UTF_8))) % 3;
            assertThat(ProjectPartitioner.partition(project, 3)).isEqualTo(byDefault);
            assertThat(ProjectPartitioner.partition(project + "/c1", 3)).isEqualTo(byDefault);
            assertThat(ProjectPartitioner.partition(Keys.volume(project, "default", "container", "c1"), 3))
                    .isEqualTo(byDefault);
        }
    }
}
