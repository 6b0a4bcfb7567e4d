package io.lxbus.gateway.domain;

/** LXD's operation statuses (shared/api/status_code.go) that operations pass through. */
public enum OperationStatus {
    PENDING(105, "Pending"),
    RUNNING(103, "Running"),
    CANCELLING(104, "Cancelling"),
    SUCCESS(200, "Success"),
    FAILURE(400, "Failure"),
    CANCELLED(401, "Cancelled");

    private final int code;
    private final String text;

    OperationStatus(int code, String text) {
        this.code = code;
        this.text = text;
    }

    public int code() {
        return code;
    }

    public String text() {
        return text;
    }

    /** Final statuses never change again (LXD: code 200 and above). */
    public boolean isFinal() {
        return code >= 200;
    }
}
