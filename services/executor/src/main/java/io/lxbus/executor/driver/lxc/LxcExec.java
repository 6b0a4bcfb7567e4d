package io.lxbus.executor.driver.lxc;

import com.sun.jna.LastErrorException;
import io.lxbus.executor.domain.ExecSpec;
import io.lxbus.executor.driver.DriverException;
import io.lxbus.executor.driver.ExecProcess;
import io.lxbus.executor.driver.lxc.jna.ExecLibc;
import io.lxbus.executor.driver.lxc.jna.Libc;
import org.jboss.logging.Logger;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A command run in a container by the attach server (see DESIGN.md "exec"): the server's child gets the command's
 * stdin, stdout and stderr as descriptors — pipes whose other ends stay here, a pty whose master stays here, files for
 * recorded output or {@code /dev/null} — and the exec's connection carries signals there and the exit status back.
 */
final class LxcExec implements ExecProcess {
    private static final Logger LOG = Logger.getLogger(LxcExec.class);
    /** What a command killed by {@link #kill()} reports, as SIGKILL's 128+9. */
    private static final int KILLED = 137;
    private static final int ATTACH_FAILED = 255;

    private final AttachConnection connection;
    private final Pty pty;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final InputStream stderr;
    private final Object lock = new Object();
    private boolean killed;
    private boolean released;

    private LxcExec(AttachConnection connection, Pty pty, OutputStream stdin, InputStream stdout, InputStream stderr) {
        this.connection = connection;
        this.pty = pty;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts the command.
     *
     * @param stdout where a recorded command's stdout goes (null unless the spec records)
     * @param stderr where a recorded command's stderr goes (null unless the spec records)
     */
    static LxcExec start(AttachServer server, String uuid, Path lxcPath, ExecSpec spec, Path stdout, Path stderr) {
        boolean withPty = spec.interactive() && spec.output() == ExecSpec.Output.STREAM;
        Pty pty = withPty ? Pty.open(spec.width(), spec.height()) : null;
        Descriptors fds = new Descriptors();
        try {
            int[] stdio;
            OutputStream in = OutputStream.nullOutputStream();
            InputStream out = InputStream.nullInputStream();
            InputStream err = InputStream.nullInputStream();
            switch (spec.output()) {
                case RECORD -> stdio = new int[]{fds.devNull(), fds.create(stdout), fds.create(stderr)};
                case DISCARD -> stdio = new int[]{fds.devNull(), fds.devNull(), fds.devNull()};
                default -> {
                    if (pty != null) {
                        int slave = fds.add(pty.openSlave());
                        stdio = new int[]{slave, slave, slave};
                    } else {
                        int[] input = fds.pipe();
                        int[] output = fds.pipe();
                        int[] error = fds.pipe();
                        stdio = new int[]{input[0], output[1], error[1]};
                        in = fds.writer(input[1]);
                        out = fds.reader(output[0]);
                        err = fds.reader(error[0]);
                    }
                }
            }
            AttachConnection connection = server.send(spec.attachArguments(uuid, lxcPath.toString(), pty != null), stdio);
            fds.closeAll();
            return new LxcExec(connection, pty, in, out, err);
        } catch (RuntimeException e) {
            fds.closeAll();
            fds.closeStreams();
            if (pty != null) {
                pty.close();
            }
            throw e;
        }
    }

    @Override
    public OutputStream stdin() {
        return pty != null ? pty.input() : stdin;
    }

    @Override
    public InputStream stdout() {
        return pty != null ? pty.output() : stdout;
    }

    @Override
    public InputStream stderr() {
        return pty != null ? null : stderr;
    }

    @Override
    public void resize(int width, int height) {
        if (pty != null) {
            pty.resize(width, height);
        }
    }

    @Override
    public void signal(int signal) {
        if (signal <= 0 || signal > 64) {
            return;
        }
        synchronized (lock) {
            if (!released && !killed && !connection.signal(signal)) {
                LOG.debugf("signal %d not passed on: the command has ended", signal);
            }
        }
    }

    @Override
    public int waitFor() {
        int status = connection.awaitStatus();
        if (status >= 0) {
            return status;
        }
        synchronized (lock) {
            if (killed) {
                return KILLED;
            }
        }
        LOG.warn("the attach server's child ended without the command's exit status");
        return ATTACH_FAILED;
    }

    @Override
    public void kill() {
        // The server's child SIGKILLs the command when the connection ends.
        synchronized (lock) {
            if (!released && !killed) {
                killed = true;
                connection.hangUp();
            }
        }
    }

    @Override
    public void release() {
        synchronized (lock) {
            if (!released) {
                released = true;
                connection.hangUp();
                connection.close();
            }
        }
        if (pty != null) {
            pty.close();
        }
    }

    /** The descriptors opened for one start: the command's ends are closed once the server has them. */
    private static final class Descriptors {
        private final List<Integer> open = new ArrayList<>();
        private final List<AutoCloseable> streams = new ArrayList<>();
        private int devNull = -1;

        int add(int fd) {
            open.add(fd);
            return fd;
        }

        int devNull() {
            if (devNull < 0) {
                devNull = add(ExecLibc.get().open("/dev/null", Libc.O_RDWR | Libc.O_CLOEXEC, 0));
            }
            return devNull;
        }

        int create(Path file) {
            try {
                return add(ExecLibc.get().open(file.toString(),
                        Libc.O_WRONLY | Libc.O_CREAT | Libc.O_TRUNC | Libc.O_CLOEXEC, 0644));
            } catch (LastErrorException e) {
                throw new DriverException("Cannot create " + file + ": " + e.getMessage(), e);
            }
        }

        int[] pipe() {
            int[] pipe = new int[2];
            try {
                ExecLibc.get().pipe2(pipe, Libc.O_CLOEXEC);
            } catch (LastErrorException e) {
                throw new DriverException("Cannot create a pipe: " + e.getMessage(), e);
            }
            add(pipe[0]);
            add(pipe[1]);
            return pipe;
        }

        // Our end of a pipe as a plain Java stream: opening /proc/self/fd/N opens the same pipe again (the raw
        // descriptor is closed with the others once the request is sent).
        InputStream reader(int fd) {
            return kept(() -> new FileInputStream("/proc/self/fd/" + fd));
        }

        OutputStream writer(int fd) {
            return kept(() -> new FileOutputStream("/proc/self/fd/" + fd));
        }

        private <T extends AutoCloseable> T kept(Callable<T> open) {
            try {
                T stream = open.call();
                streams.add(stream);
                return stream;
            } catch (Exception e) {
                throw new DriverException("Cannot open a pipe: " + e.getMessage(), e);
            }
        }

        void closeAll() {
            open.stream().distinct().forEach(fd -> {
                try {
                    ExecLibc.get().close(fd);
                } catch (LastErrorException ignored) {
                    // Nothing to do.
                }
            });
            open.clear();
        }

        void closeStreams() {
            streams.forEach(stream -> {
                try {
                    stream.close();
                } catch (Exception ignored) {
                    // Nothing to do.
                }
            });
        }
    }
}
