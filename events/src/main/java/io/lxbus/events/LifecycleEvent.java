package io.lxbus.events;

import java.time.Instant;

/**
 * A fact about a resource, on {@code lxbus.events.lifecycle} keyed by {@link Keys#apiPath}. It is
 * a CloudEvent in structured JSON mode: the first six fields are CloudEvents attributes, the next
 * three are extension attributes, and {@code data} is exactly LXD's lifecycle event metadata.
 *
 * @param specversion     always {@code 1.0}
 * @param id              unique per event
 * @param source          the resource's API path as LXD writes it ({@code /1.0/profiles/p1})
 * @param type            {@code io.lxbus.lifecycle.<action>}
 * @param time            when the fact became true
 * @param datacontenttype always {@code application/json}
 * @param seq             gapless per Kafka key, starting at 1
 * @param project         the resource's project
 * @param location        the cluster member it happened on ({@code none} on a single node)
 * @param data            LXD's lifecycle metadata: action, source, context, requestor
 */
public record LifecycleEvent(String specversion, String id, String source, String type, Instant time,
                             String datacontenttype, long seq, String project, String location,
                             LifecycleData data) {

    /** The CloudEvents {@code type} prefix; the LXD action follows it. */
    public static final String TYPE_PREFIX = "io.lxbus.lifecycle.";

    /** Builds an event with the fixed CloudEvents attributes filled in. */
    public static LifecycleEvent of(String id, long seq, Instant time, String project, String location,
                                    LifecycleData data) {
        return new LifecycleEvent("1.0", id, data.source(), TYPE_PREFIX + data.action(), time,
                "application/json", seq, project, location, data);
    }
}
