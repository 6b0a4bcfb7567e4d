package io.lxbus.gateway.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.Optional;

/**
 * What an executor reports live about one instance ({@code GET /internal/instances/{uuid}/state}).
 *
 * @param status        {@code Running}, {@code Stopped}, {@code Frozen} or {@code Error}; null when not told
 * @param pid           the init process's host pid; 0 when not running
 * @param processes     how many processes run inside
 * @param memoryUsage   bytes of memory in use
 * @param memoryPeak    the most memory used
 * @param swapUsage     bytes of swap in use
 * @param swapPeak      the most swap used
 * @param cpuUsage      CPU time used, in nanoseconds
 */
public record LiveState(String status, long pid, long processes, long memoryUsage, long memoryPeak, long swapUsage,
                        long swapPeak, long cpuUsage) {
    private static final ObjectMapper TREES = JsonMapper.builder().build();

    /** Parses the executor's JSON; empty when it is not the expected shape. */
    public static Optional<LiveState> parse(byte[] json) {
        try {
            JsonNode root = TREES.readTree(json);
            if (root == null || !root.isObject()) {
                return Optional.empty();
            }
            JsonNode memory = root.path("memory");
            return Optional.of(new LiveState(root.hasNonNull("status") ? root.get("status").asText() : null,
                    root.path("pid").asLong(0), root.path("processes").asLong(0), memory.path("usage").asLong(0),
                    memory.path("usage_peak").asLong(0), memory.path("swap_usage").asLong(0),
                    memory.path("swap_usage_peak").asLong(0), root.path("cpu").path("usage").asLong(0)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
