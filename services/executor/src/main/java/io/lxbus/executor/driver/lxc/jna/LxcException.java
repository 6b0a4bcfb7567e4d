package io.lxbus.executor.driver.lxc.jna;

/** A liblxc call failed; the message says which call, on which container, and liblxc's own error when it gave one. */
public final class LxcException extends RuntimeException {
    private final int errorNumber;

    public LxcException(String message, int errorNumber) {
        super(message);
        this.errorNumber = errorNumber;
    }

    /** liblxc's {@code error_num} (or errno-like code); 0 when none. */
    public int errorNumber() {
        return errorNumber;
    }
}
