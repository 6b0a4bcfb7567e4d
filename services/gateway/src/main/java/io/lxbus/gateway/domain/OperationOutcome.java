package io.lxbus.gateway.domain;

import io.lxbus.events.Result;

import java.util.Map;

/**
 * How an operation's work ended.
 *
 * @param success  whether it worked
 * @param err      the failure message; empty on success
 * @param metadata facts to merge into the operation's metadata (exec return code, image fingerprint)
 */
public record OperationOutcome(boolean success, String err, Map<String, Object> metadata) {

    public static OperationOutcome success(Map<String, Object> metadata) {
        return new OperationOutcome(true, "", metadata == null ? Map.of() : metadata);
    }

    public static OperationOutcome failure(String err) {
        return new OperationOutcome(false, err == null ? "" : err, Map.of());
    }

    /** The outcome a command's result stands for. */
    public static OperationOutcome of(Result result) {
        return result.success() ? success(result.metadata()) : failure(result.message());
    }
}
