package io.lxbus.storage.domain;

import io.lxbus.events.ErrorCode;
import io.lxbus.events.Image;
import io.lxbus.events.ImageAlias;

import java.util.List;
import java.util.Map;

/** What an image or alias command does: nothing (with the error), or state writes plus one lifecycle fact. */
public sealed interface CatalogDecision {

    /** Refused; nothing changes. */
    record Rejected(ErrorCode code, String message) implements CatalogDecision {
    }

    /** Applied: the writes in order, then the fact and the API path of the resource. */
    record Applied(List<Write> writes, Fact fact) implements CatalogDecision {
    }

    /** One state record, or a tombstone ({@code image}/{@code alias} null) carrying {@code revision}. */
    sealed interface Write {
        /** The record's revision. */
        long revision();
    }

    /** An image record or tombstone. */
    record ImageWrite(String project, String fingerprint, Image image, long revision) implements Write {
    }

    /** An alias record or tombstone. */
    record AliasWrite(String project, String name, ImageAlias alias, long revision) implements Write {
    }

    /**
     * A lifecycle fact.
     *
     * @param collection {@code images} or {@code images/aliases}
     * @param project    the project
     * @param name       the fingerprint or alias name (after a rename, the new one)
     * @param action     an {@link io.lxbus.events.Actions} name
     * @param context    LXD's event context
     */
    record Fact(String collection, String project, String name, String action, Map<String, Object> context) {
    }
}
