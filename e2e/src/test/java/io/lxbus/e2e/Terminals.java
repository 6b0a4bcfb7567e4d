package io.lxbus.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Real terminals for the stock client: a private tmux server whose sessions run {@code lxc} against a stack, so
 * interactive commands ({@code lxc exec} with a pty, {@code lxc console}) are driven by keys and read off the screen.
 */
final class Terminals implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(60);
    private final Stack stack;
    private final String server;

    Terminals(Stack stack, String name) {
        this.stack = stack;
        this.server = name + "-" + ProcessHandle.current().pid();
    }

    /** Opens a session of {@code width}x{@code height} running {@code shellCommand} with the stack's client settings. */
    void open(String session, int width, int height, String shellCommand) {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", server, "-f", "/dev/null", "new-session", "-d",
                "-s", session, "-x", Integer.toString(width), "-y", Integer.toString(height)));
        command.add("env LXD_SOCKET=" + stack.socket() + " LXD_CONF=" + stack.clientEnv().get("LXD_CONF")
                + " sh -c '" + shellCommand + "'");
        Proc.ok(command, Map.of(), WAIT);
    }

    /** Types keys (tmux key names, e.g. {@code Enter}, {@code C-d}) into a session. */
    void send(String session, String... keys) {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", server, "send-keys", "-t", session));
        command.addAll(List.of(keys));
        Proc.ok(command, Map.of(), WAIT);
    }

    /** Waits until the program in the session has read everything typed so far (the terminal's input queue is empty). */
    void awaitInputRead(String session) throws InterruptedException {
        String tty = Proc.ok(List.of("tmux", "-L", server, "display-message", "-p", "-t", session, "#{pane_tty}"),
                Map.of(), WAIT).out().trim();
        String script = "import fcntl,os,struct,termios,sys\n"
                + "fd=os.open(sys.argv[1],os.O_RDONLY|os.O_NOCTTY|os.O_NONBLOCK)\n"
                + "print(struct.unpack('i',fcntl.ioctl(fd,termios.FIONREAD,b'\\0'*4))[0])";
        await(() -> Proc.ok(List.of("python3", "-c", script, tty), Map.of(), WAIT).out().trim().equals("0"));
    }

    /** Resizes a session's window. */
    void resize(String session, int width, int height) {
        Proc.ok(List.of("tmux", "-L", server, "resize-window", "-t", session, "-x", Integer.toString(width), "-y",
                Integer.toString(height)), Map.of(), WAIT);
    }

    /** Waits until the session's screen satisfies {@code ready}. */
    void awaitScreen(String session, Predicate<String> ready) throws InterruptedException {
        await(() -> ready.test(Proc.run(List.of("tmux", "-L", server, "capture-pane", "-p", "-t", session),
                Map.of(), null, WAIT).out()));
    }

    /** Waits until a file exists and is not empty. */
    static void awaitFile(Path file) throws InterruptedException {
        await(() -> Files.exists(file) && file.toFile().length() > 0);
    }

    /** Waits for a condition (a generous bound only so a broken build ends; never a speed check). */
    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within " + WAIT);
            }
            Thread.sleep(100);
        }
    }

    /** Ends every session. */
    @Override
    public void close() {
        Proc.run(List.of("tmux", "-L", server, "kill-server"), Map.of(), null, Duration.ofSeconds(10));
    }
}
