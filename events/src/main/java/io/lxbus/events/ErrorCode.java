package io.lxbus.events;

/**
 * Every failure a command can end in. The wire code never changes once published; the HTTP
 * status is what the gateway answers with; retriable failures may succeed if sent again.
 */
public enum ErrorCode {
    /** The request is malformed or breaks a rule (bad name, unknown key, bad value). */
    BAD_REQUEST(1, 400, false),
    /** The target resource does not exist. */
    NOT_FOUND(2, 404, false),
    /** The resource exists already, or its current state forbids the change. */
    CONFLICT(3, 409, false),
    /** The caller's If-Match revision no longer matches the record. */
    PRECONDITION_FAILED(4, 412, false),
    /** The change is not allowed (for example deleting the default profile). */
    FORBIDDEN(5, 403, false),
    /** The request body is larger than the endpoint accepts. */
    PAYLOAD_TOO_LARGE(6, 413, false),
    /** The owning service did not answer in time; the command may still be applied later. */
    TIMEOUT(7, 504, true),
    /** The owning service is not reachable right now. */
    UNAVAILABLE(8, 503, true),
    /** An unexpected failure inside a service. */
    INTERNAL(9, 500, true);

    private final int wireCode;
    private final int httpStatus;
    private final boolean retriable;

    ErrorCode(int wireCode, int httpStatus, boolean retriable) {
        this.wireCode = wireCode;
        this.httpStatus = httpStatus;
        this.retriable = retriable;
    }

    /** The stable number of this code on the wire. */
    public int wireCode() {
        return wireCode;
    }

    /** The HTTP status the gateway answers with. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Whether the same command may succeed if sent again later. */
    public boolean retriable() {
        return retriable;
    }
}
