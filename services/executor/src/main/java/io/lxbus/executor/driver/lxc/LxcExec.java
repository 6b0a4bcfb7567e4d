package io.lxbus.executor.driver.lxc;

import com.sun.jna.LastErrorException;
import io.lxbus.executor.domain.ExecSpec;
import io.lxbus.executor.driver.DriverException;
import io.lxbus.executor.driver.ExecProcess;
import io.lxbus.executor.driver.lxc.jna.PtyLibc;

import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * A command run in a container through the {@code lxbus-attach} helper (see DESIGN.md "exec"): with pipes, or with a
 * pty whose master stays here. Signals go to the helper, which passes them on to the command.
 */
final class LxcExec implements ExecProcess {
    private static final File NULL = new File("/dev/null");

    private final Process helper;
    private final Pty pty;

    private LxcExec(Process helper, Pty pty) {
        this.helper = helper;
        this.pty = pty;
    }

    /**
     * Starts the command.
     *
     * @param stdout where a recorded command's stdout goes (null unless the spec records)
     * @param stderr where a recorded command's stderr goes (null unless the spec records)
     */
    static LxcExec start(AttachHelper helpers, String uuid, Path lxcPath, ExecSpec spec, Path stdout, Path stderr) {
        Pty pty = spec.interactive() && spec.output() == ExecSpec.Output.STREAM
                ? Pty.open(spec.width(), spec.height()) : null;
        try {
            ProcessBuilder builder = new ProcessBuilder(spec.helperArguments(helpers.binary().toString(), uuid,
                    lxcPath.toString(), ProcessHandle.current().pid(), pty == null ? null : pty.slavePath()));
            builder.directory(new File("/"));
            builder.environment().clear();
            switch (spec.output()) {
                case RECORD -> builder.redirectInput(NULL).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
                case DISCARD -> builder.redirectInput(NULL).redirectOutput(NULL).redirectError(NULL);
                case STREAM -> {
                    if (pty != null) {
                        builder.redirectInput(NULL).redirectOutput(NULL).redirectError(NULL);
                    }
                }
            }
            return new LxcExec(helpers.start(builder), pty);
        } catch (RuntimeException e) {
            if (pty != null) {
                pty.close();
            }
            throw e;
        }
    }

    @Override
    public OutputStream stdin() {
        return pty != null ? pty.input() : helper.getOutputStream();
    }

    @Override
    public InputStream stdout() {
        return pty != null ? pty.output() : helper.getInputStream();
    }

    @Override
    public InputStream stderr() {
        return pty != null ? null : helper.getErrorStream();
    }

    @Override
    public void resize(int width, int height) {
        if (pty != null) {
            pty.resize(width, height);
        }
    }

    @Override
    public void signal(int signal) {
        if (signal <= 0 || signal > 64 || !helper.isAlive()) {
            return;
        }
        try {
            PtyLibc.get().kill((int) helper.pid(), signal);
        } catch (LastErrorException e) {
            throw new DriverException("Cannot send signal " + signal + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int waitFor() throws InterruptedException {
        return helper.waitFor();
    }

    @Override
    public void kill() {
        // The helper's death kills the command (its parent-death signal).
        helper.destroyForcibly();
    }

    @Override
    public void release() {
        if (pty != null) {
            pty.close();
        }
    }
}
