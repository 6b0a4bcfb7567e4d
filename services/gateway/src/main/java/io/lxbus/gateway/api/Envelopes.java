package io.lxbus.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.lxbus.events.Operation;
import io.lxbus.events.wire.Json;

import java.nio.charset.StandardCharsets;

/** LXD's three response envelopes, byte for byte (shared/api/response.go). */
public final class Envelopes {
    private static final byte[] SYNC_HEAD = ("{\"type\":\"sync\",\"status\":\"Success\",\"status_code\":200,"
            + "\"operation\":\"\",\"error_code\":0,\"error\":\"\",\"metadata\":").getBytes(StandardCharsets.UTF_8);

    private Envelopes() {
    }

    /** A sync success around already-encoded metadata. */
    public static byte[] syncRaw(byte[] metadataJson) {
        byte[] out = new byte[SYNC_HEAD.length + metadataJson.length + 2];
        System.arraycopy(SYNC_HEAD, 0, out, 0, SYNC_HEAD.length);
        System.arraycopy(metadataJson, 0, out, SYNC_HEAD.length, metadataJson.length);
        out[out.length - 2] = '}';
        out[out.length - 1] = '\n';
        return out;
    }

    /** A sync success; null metadata is written as {@code null}. */
    public static byte[] sync(Object metadata) {
        return syncRaw(json(metadata));
    }

    /** An async answer (HTTP 202) for a just-created operation. */
    public static byte[] async(Operation operation) {
        String head = "{\"type\":\"async\",\"status\":\"Operation created\",\"status_code\":100,\"operation\":"
                + quote(OperationPaths.url(operation.id())) + ",\"error_code\":0,\"error\":\"\",\"metadata\":";
        return concat(head, json(operation));
    }

    /** An error with the real HTTP status repeated in {@code error_code}. */
    public static byte[] error(int httpStatus, String message) {
        String text = "{\"type\":\"error\",\"status\":\"\",\"status_code\":0,\"operation\":\"\",\"error_code\":"
                + httpStatus + ",\"error\":" + quote(message) + ",\"metadata\":null}\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] json(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode a response", e);
        }
    }

    private static String quote(String text) {
        return new String(json(text), StandardCharsets.UTF_8);
    }

    private static byte[] concat(String head, byte[] metadata) {
        byte[] start = head.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[start.length + metadata.length + 2];
        System.arraycopy(start, 0, out, 0, start.length);
        System.arraycopy(metadata, 0, out, start.length, metadata.length);
        out[out.length - 2] = '}';
        out[out.length - 1] = '\n';
        return out;
    }
}
