package io.lxbus.storage.domain;

/** An upload that is not a usable image; the message says why, in words a user can act on. */
public final class ImageRejected extends Exception {
    public ImageRejected(String message) {
        super(message);
    }
}
