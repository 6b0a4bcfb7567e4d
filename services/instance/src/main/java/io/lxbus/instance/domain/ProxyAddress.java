package io.lxbus.instance.domain;

import java.util.Optional;

/** The {@code listen} and {@code connect} form of a proxy device: {@code <tcp|udp|unix>:<addr>[:<ports>]}. */
public final class ProxyAddress {

    private ProxyAddress() {
    }

    /** Why {@code value} is not a proxy address, or empty when it is one. */
    public static Optional<String> problem(String value) {
        int colon = value.indexOf(':');
        String protocol = colon < 0 ? value : value.substring(0, colon);
        if (colon < 0 || !(protocol.equals("tcp") || protocol.equals("udp") || protocol.equals("unix"))) {
            return Optional.of("Invalid address \"" + value + "\": expected <tcp|udp|unix>:<address>[:<port>]");
        }
        String rest = value.substring(colon + 1);
        if (protocol.equals("unix")) {
            return rest.isEmpty() ? Optional.of("Invalid address \"" + value + "\": a unix address needs a path")
                    : Optional.empty();
        }
        int portColon = rest.lastIndexOf(':');
        if (portColon <= 0 || portColon == rest.length() - 1) {
            return Optional.of("Invalid address \"" + value + "\": expected " + protocol + ":<address>:<port>");
        }
        String host = rest.substring(0, portColon);
        if (host.startsWith("[") != host.endsWith("]") || host.contains(":") && !host.startsWith("[")) {
            return Optional.of("Invalid address \"" + value + "\": an IPv6 address must be in brackets ([::1])");
        }
        return ports(rest.substring(portColon + 1)).map(why -> "Invalid address \"" + value + "\": " + why);
    }

    private static Optional<String> ports(String spec) {
        for (String part : spec.split(",", -1)) {
            String[] ends = part.split("-", -1);
            if (ends.length > 2) {
                return Optional.of("\"" + part + "\" is not a port or a port range");
            }
            int previous = 0;
            for (String end : ends) {
                if (!end.matches("\\d{1,5}") || Integer.parseInt(end) < 1 || Integer.parseInt(end) > 65535) {
                    return Optional.of("\"" + end + "\" is not a port between 1 and 65535");
                }
                if (Integer.parseInt(end) < previous) {
                    return Optional.of("the port range \"" + part + "\" ends before it starts");
                }
                previous = Integer.parseInt(end);
            }
        }
        return Optional.empty();
    }
}
