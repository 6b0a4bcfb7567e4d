package io.lxbus.executor.driver;

/** A driver could not do what was asked; the message is a sentence for the user ({@code lastError}). */
public final class DriverException extends RuntimeException {
    public DriverException(String message) {
        super(message);
    }

    public DriverException(String message, Throwable cause) {
        super(message, cause);
    }
}
