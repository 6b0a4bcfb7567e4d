package io.lxbus.events;

import java.time.Duration;

/**
 * One topic of the catalog.
 *
 * @param name       the topic's name, without any deployment prefix
 * @param partitions how many partitions it has
 * @param cleanup    delete or compact
 * @param retention  how long records are kept (delete topics), or null for the broker default
 * @param key        what the record key is, in words
 * @param owner      the only service that writes it
 * @param doc        what it carries
 */
public record TopicSpec(String name, int partitions, Cleanup cleanup, Duration retention, String key, String owner,
                        String doc) {
}
