package io.lxbus.events;

/** Kafka record headers of the contract. */
public final class RecordHeaders {
    /**
     * On every state record, tombstones included: the record's revision as decimal text. Revisions
     * only grow for a key, across deletes and re-creates.
     */
    public static final String REVISION = "lxbus-revision";
    /** On lifecycle events: the CloudEvents structured-mode content type. */
    public static final String CONTENT_TYPE = "content-type";
    /** The value of {@link #CONTENT_TYPE} on lifecycle events. */
    public static final String CLOUDEVENTS_JSON = "application/cloudevents+json";

    private RecordHeaders() {
    }
}
