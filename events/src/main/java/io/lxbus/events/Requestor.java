package io.lxbus.events;

/**
 * Who asked for a change, in LXD's lifecycle-event shape.
 *
 * @param username the user name behind the request (for the unix socket, the peer's user)
 * @param protocol how the request arrived: {@code unix}, {@code tls} or {@code kafka}
 * @param address  the peer's address ({@code @} for the unix socket)
 */
public record Requestor(String username, String protocol, String address) {

    /** A requestor for a command published straight to Kafka by another system. */
    public static Requestor kafka(String username) {
        return new Requestor(username, "kafka", "");
    }
}
