package io.lxbus.storage.api;

/** An import that cannot go on, with the HTTP status to answer and a message a user can act on. */
final class ImportFailure extends Exception {
    private final int status;

    ImportFailure(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status. */
    int status() {
        return status;
    }
}
