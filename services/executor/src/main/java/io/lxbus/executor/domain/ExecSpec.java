package io.lxbus.executor.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One command to run in a container, as the gateway asks for it (LXD's exec request with its defaults applied).
 *
 * @param command     the program and its arguments
 * @param environment the command's whole environment
 * @param user        uid inside the container
 * @param group       gid inside the container
 * @param cwd         working directory inside the container; empty for the default ({@code HOME}, else {@code /})
 * @param interactive whether it gets a pty (stdin, stdout and stderr all on it)
 * @param width       the pty's columns (interactive only; 0 for the default)
 * @param height      the pty's rows (interactive only; 0 for the default)
 * @param output      where output goes
 */
public record ExecSpec(List<String> command, Map<String, String> environment, int user, int group, String cwd,
                       boolean interactive, int width, int height, Output output) {

    /** Where the command's output goes. */
    public enum Output {
        /** To the caller, as it comes. */
        STREAM,
        /** To files under the instance's {@code exec-output} log folder. */
        RECORD,
        /** Nowhere (LXD's exec without websockets and without recording). */
        DISCARD
    }

    public ExecSpec {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        cwd = cwd == null ? "" : cwd;
        if (command.isEmpty() || command.get(0).isEmpty()) {
            throw new IllegalArgumentException("No command to run");
        }
        for (String key : environment.keySet()) {
            if (key.isEmpty() || key.contains("=") || key.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("Invalid environment variable name: \"" + key + "\"");
            }
        }
        if (command.stream().anyMatch(a -> a.indexOf('\0') >= 0) || cwd.indexOf('\0') >= 0
                || environment.values().stream().anyMatch(v -> v == null || v.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("The command, its environment and cwd may not contain NUL bytes");
        }
        if (!cwd.isEmpty() && !cwd.startsWith("/")) {
            throw new IllegalArgumentException("The working directory must be an absolute path: \"" + cwd + "\"");
        }
    }

    /**
     * The attach server's request for this command, argv-style (see {@code src/main/c/lxbus-attach.c}).
     *
     * @param container the container's name (the instance's uuid)
     * @param lxcPath   the lxcpath
     * @param pty       whether stdin is a pty that becomes the command's controlling terminal
     */
    public List<String> attachArguments(String container, String lxcPath, boolean pty) {
        List<String> args = new ArrayList<>(List.of("lxbus-attach", "-n", container, "-P", lxcPath,
                "-u", Integer.toString(user), "-g", Integer.toString(group)));
        if (!cwd.isEmpty()) {
            args.addAll(List.of("-c", cwd));
        } else {
            args.addAll(List.of("-C", environment.getOrDefault("HOME", "/")));
        }
        if (pty) {
            args.add("-t");
        }
        environment.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> args.addAll(List.of("-e", e.getKey() + "=" + e.getValue())));
        args.add("--");
        args.addAll(command);
        return args;
    }

    /** LXD's reading of an exit status: the error for 126/127, else none. */
    public static String errorOf(int status) {
        return switch (status) {
            case 127 -> "Command not found";
            case 126 -> "Command not executable";
            default -> null;
        };
    }
}
