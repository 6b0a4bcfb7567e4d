package io.lxbus.gateway.domain;

import io.lxbus.events.ErrorCode;

/** ETags are a record's revision in double quotes; If-Match carries one back as a precondition. */
public final class IfMatch {
    private IfMatch() {
    }

    /** The ETag header value for a revision. */
    public static String etag(long revision) {
        return "\"" + revision + "\"";
    }

    /**
     * The revision an If-Match header demands, or null when there is no precondition (absent, empty or {@code *}).
     *
     * @throws GatewayError with PRECONDITION_FAILED when the header is not one of our ETags
     */
    public static Long revision(String header) {
        if (header == null) {
            return null;
        }
        String value = header.trim();
        if (value.isEmpty() || value.equals("*")) {
            return null;
        }
        String inner = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
        if (inner.isEmpty() || inner.length() > 18 || !inner.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new GatewayError(ErrorCode.PRECONDITION_FAILED, "ETag doesn't match: " + value);
        }
        return Long.parseLong(inner);
    }
}
