package io.lxbus.events;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Where a new instance's root file system comes from.
 *
 * @param type         {@code image}, {@code copy} (another instance or snapshot of the project) or {@code none}
 * @param fingerprint  the image's full fingerprint (resolved from an alias by the gateway or the owner); for a copy,
 *                     the source's base image
 * @param alias        the alias the user named, if any
 * @param source       for a copy, what is copied: {@code <instance>} or {@code <instance>/<snapshot>}
 * @param copyOf       for a copy, the uuid of the source instance or snapshot whose files are copied (set by the
 *                     instance service)
 * @param instanceOnly for a copy of an instance, leave its snapshots behind
 */
public record InstanceSource(String type, String fingerprint, String alias, String source, String copyOf,
                             Boolean instanceOnly) {

    /** A source that is not a copy. */
    public InstanceSource(String type, String fingerprint, String alias) {
        this(type, fingerprint, alias, null, null, null);
    }

    /** Whether the root file system is copied from another instance or snapshot. */
    @JsonIgnore
    public boolean isCopy() {
        return "copy".equals(type);
    }
}
