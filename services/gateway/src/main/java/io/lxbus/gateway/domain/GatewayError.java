package io.lxbus.gateway.domain;

import io.lxbus.events.ErrorCode;

/** A failure the user sees, with the code that says which (refused before sending, or failed on the way). */
public final class GatewayError extends RuntimeException {
    private final ErrorCode code;

    public GatewayError(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** A malformed or ill-typed request. */
    public static GatewayError badRequest(String message) {
        return new GatewayError(ErrorCode.BAD_REQUEST, message);
    }

    public ErrorCode code() {
        return code;
    }
}
