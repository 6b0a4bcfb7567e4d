package io.lxbus.storage.messaging;

import io.lxbus.events.TopicSpec;
import org.apache.kafka.common.header.Headers;

/**
 * One record the ledger writes.
 *
 * @param topic            the catalog topic
 * @param key              the key
 * @param value            the serialized value; null for a tombstone
 * @param headers          its headers
 * @param projectScoped    written to its project's partition ({@code ProjectPartitioner}) rather than by key
 */
public record LedgerRecord(TopicSpec topic, String key, byte[] value, Headers headers, boolean projectScoped) {
}
