package io.lxbus.events;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An LXD operation as the gateway serves it, on {@code lxbus.gateway.operations} keyed by id.
 *
 * @param id          a UUID
 * @param operationClass {@code task}, {@code websocket} or {@code token}
 * @param description what it does ("Creating instance")
 * @param createdAt   when it was created
 * @param updatedAt   when its status or metadata last changed
 * @param status      LXD's status text ("Running", "Success", "Failure")
 * @param statusCode  LXD's status code (103 running, 200 success, 400 failure)
 * @param resources   affected resources by kind, as API paths
 * @param metadata    free-form facts (exec fds, return code, fingerprint)
 * @param mayCancel   whether DELETE cancels it
 * @param err         the failure message, empty otherwise
 * @param location    the cluster member ({@code none} on a single node)
 */
public record Operation(String id,
                        @JsonProperty("class") String operationClass,
                        String description,
                        @JsonProperty("created_at") Instant createdAt,
                        @JsonProperty("updated_at") Instant updatedAt,
                        String status,
                        @JsonProperty("status_code") int statusCode,
                        Map<String, List<String>> resources,
                        Map<String, Object> metadata,
                        @JsonProperty("may_cancel") boolean mayCancel,
                        String err,
                        String location) {
}
