package io.lxbus.storage.messaging;

/** Headers the storage service puts on its own records for itself (readers of the contract ignore them). */
public final class StorageHeaders {
    /** On an image record written by an import: the seq its {@code image-created} event took. */
    public static final String EVENT_SEQ = "lxbus-storage-event-seq";

    private StorageHeaders() {
    }
}
