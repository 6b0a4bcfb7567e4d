package io.lxbus.executor.driver;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A command running inside an instance. With a pty, {@link #stdout()} carries the terminal's output and
 * {@link #stderr()} is null; otherwise they are the command's pipes (empty when its output goes to files).
 */
public interface ExecProcess {
    /** The command's stdin, or its terminal input with a pty. */
    OutputStream stdin();

    /** The command's stdout, or its terminal output with a pty. */
    InputStream stdout();

    /** The command's stderr; null with a pty. */
    InputStream stderr();

    /** Sets the pty's window size (the command gets SIGWINCH); ignored without a pty. */
    void resize(int width, int height);

    /** Sends a signal to the command. */
    void signal(int signal);

    /** Waits for the command: its exit status, 128+n when killed by signal n, 126/127 when it could not run. */
    int waitFor() throws InterruptedException;

    /** Kills the command and whatever helps run it; idempotent. */
    void kill();

    /** Releases what the process held (the pty); call after {@link #waitFor()} and after its output was read. */
    void release();
}
