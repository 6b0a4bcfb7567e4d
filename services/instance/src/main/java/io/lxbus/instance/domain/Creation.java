package io.lxbus.instance.domain;

import io.lxbus.events.Instance;

/**
 * What the instance service remembers about a create or a map change in flight, beside the record (the contract's
 * record has no room for it).
 *
 * @param start  start the instance once created ({@code "start": true})
 * @param error  why the creation failed (the id map's or the volume's error); null while it is going well
 * @param before the instance as it was before a change that waits for a new id map ({@code remap}); put back when
 *               the idmap service refuses the map; null for a create
 */
public record Creation(boolean start, String error, Instance before) {
    /** A create in flight. */
    public Creation(boolean start, String error) {
        this(start, error, null);
    }
}
