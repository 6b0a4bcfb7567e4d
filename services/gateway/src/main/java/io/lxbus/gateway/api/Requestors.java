package io.lxbus.gateway.api;

import io.lxbus.events.Requestor;
import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is asking: on the unix socket, the peer's user (SO_PEERCRED uid mapped through /etc/passwd), in
 * LXD's shape {@code {"username":"root","protocol":"unix","address":"@"}}.
 */
@ApplicationScoped
public class Requestors {
    private static final Logger LOG = Logger.getLogger(Requestors.class);
    private final ConcurrentHashMap<Integer, String> names = new ConcurrentHashMap<>();

    /** The requestor of an HTTP request. */
    public Requestor of(HttpServerRequest request) {
        Integer uid = peerUid(request.connection());
        return new Requestor(uid == null ? "unknown" : userName(uid), "unix", "@");
    }

    private static Integer peerUid(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            Channel channel = base.channel();
            if (channel instanceof EpollDomainSocketChannel unix) {
                try {
                    return unix.peerCredentials().uid();
                } catch (IOException e) {
                    LOG.debugf("No peer credentials: %s", e.getMessage());
                }
            }
        }
        return null;
    }

    /** The user name for a uid, or the uid as text when /etc/passwd does not know it. */
    String userName(int uid) {
        return names.computeIfAbsent(uid, Requestors::lookup);
    }

    private static String lookup(int uid) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] fields = line.split(":", -1);
                if (fields.length > 2 && fields[2].equals(String.valueOf(uid))) {
                    return fields[0];
                }
            }
        } catch (IOException e) {
            LOG.debugf("Cannot read /etc/passwd: %s", e.getMessage());
        }
        return String.valueOf(uid);
    }
}
