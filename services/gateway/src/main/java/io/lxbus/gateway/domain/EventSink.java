package io.lxbus.gateway.domain;

/** Where a listener's frames go: the events websocket once it is open. */
public interface EventSink {
    /** Sends a frame; calls {@code written} once it has left (or failed to leave) the process. */
    void send(String frame, Runnable written);

    /** Closes the connection. */
    void close();
}
