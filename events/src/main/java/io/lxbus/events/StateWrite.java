package io.lxbus.events;

/**
 * One state record a command wrote (a tombstone included), so a reader can wait until it has
 * seen the write before it answers: read-your-writes across topics.
 *
 * @param topic    the catalog name of the state topic (no deployment prefix)
 * @param key      the record's key
 * @param revision the revision the record carries in its {@link RecordHeaders#REVISION} header
 */
public record StateWrite(String topic, String key, long revision) {
}
