package io.lxbus.gateway.api;

/** API paths of operations. */
public final class OperationPaths {
    private OperationPaths() {
    }

    public static String url(String id) {
        return "/1.0/operations/" + id;
    }
}
