package io.lxbus.gateway.domain;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * LXD's {@code POST /1.0/instances/{name}/exec} body, checked, with LXD's defaults applied to the environment.
 *
 * @param command          the program and its arguments
 * @param environment      the whole environment: {@code environment.*} config, then the request's, then defaults
 * @param user             uid in the instance
 * @param group            gid in the instance
 * @param cwd              working directory; empty for the default
 * @param interactive      one pty socket instead of one socket per fd
 * @param waitForWebsocket whether the command waits for the client's websockets (else it runs at once, no sockets)
 * @param recordOutput     without websockets: keep stdout and stderr in files
 * @param width            the terminal's columns (interactive)
 * @param height           the terminal's rows (interactive)
 */
public record ExecRequest(List<String> command, Map<String, String> environment, int user, int group, String cwd,
                          boolean interactive, boolean waitForWebsocket, boolean recordOutput, int width, int height) {
    /** LXD's default {@code PATH} in containers. */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public ExecRequest {
        command = List.copyOf(command);
        environment = java.util.Collections.unmodifiableMap(new TreeMap<>(environment));
    }

    /**
     * Reads a request body.
     *
     * @param body           the JSON body
     * @param expandedConfig the instance's expanded config (its {@code environment.*} keys)
     * @throws IllegalArgumentException on bad input (a 400)
     */
    public static ExecRequest parse(byte[] body, Map<String, String> expandedConfig) {
        JsonNode json = JsonBodies.object(body);
        List<String> command = JsonBodies.stringList(json, "command");
        if (command == null || command.isEmpty() || command.get(0).isEmpty()) {
            throw new IllegalArgumentException("No command to run");
        }
        Map<String, String> requested = JsonBodies.stringMap(json, "environment");
        int user = id(json, "user");
        int group = id(json, "group");
        String cwd = JsonBodies.string(json, "cwd");
        cwd = cwd == null ? "" : cwd;
        if (!cwd.isEmpty() && !cwd.startsWith("/")) {
            throw new IllegalArgumentException("The working directory must be an absolute path: \"" + cwd + "\"");
        }
        Boolean interactive = JsonBodies.bool(json, "interactive");
        Boolean wait = JsonBodies.bool(json, "wait-for-websocket");
        Boolean record = JsonBodies.bool(json, "record-output");
        return new ExecRequest(command, environment(expandedConfig, requested, user), user, group, cwd,
                Boolean.TRUE.equals(interactive), Boolean.TRUE.equals(wait), Boolean.TRUE.equals(record),
                size(json, "width"), size(json, "height"));
    }

    /** LXD's environment: the instance's {@code environment.*} keys, the request's, then PATH, HOME, USER, LANG. */
    static Map<String, String> environment(Map<String, String> config, Map<String, String> requested, int user) {
        Map<String, String> env = new LinkedHashMap<>();
        if (config != null) {
            config.forEach((key, value) -> {
                if (key.startsWith("environment.") && key.length() > "environment.".length()) {
                    env.put(key.substring("environment.".length()), value);
                }
            });
        }
        if (requested != null) {
            requested.forEach((key, value) -> {
                if (key.isEmpty() || key.contains("=")) {
                    throw new IllegalArgumentException("Invalid environment variable name: \"" + key + "\"");
                }
                env.put(key, value == null ? "" : value);
            });
        }
        env.putIfAbsent("PATH", DEFAULT_PATH);
        if (user == 0) {
            env.putIfAbsent("HOME", "/root");
            env.putIfAbsent("USER", "root");
        }
        env.putIfAbsent("LANG", "C.UTF-8");
        return env;
    }

    private static int id(JsonNode json, String field) {
        Long value = JsonBodies.integer(json, field);
        if (value == null) {
            return 0;
        }
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Invalid " + field + ": " + value);
        }
        return value.intValue();
    }

    private static int size(JsonNode json, String field) {
        Long value = JsonBodies.integer(json, field);
        return value == null || value < 0 || value > 65535 ? 0 : value.intValue();
    }

    /** The fds the client must connect before the command starts: 0 alone (a pty) or 0, 1, 2. */
    public List<String> requiredFds() {
        return interactive ? List.of("0") : List.of("0", "1", "2");
    }

    /** The websockets the client is given: the required fds and {@code control}. */
    public List<String> fds() {
        return interactive ? List.of("0", "control") : List.of("0", "1", "2", "control");
    }
}
