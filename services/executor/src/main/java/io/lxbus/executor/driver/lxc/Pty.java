package io.lxbus.executor.driver.lxc;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import io.lxbus.executor.driver.DriverException;
import io.lxbus.executor.driver.lxc.jna.ExecLibc;
import io.lxbus.executor.driver.lxc.jna.Libc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A pseudo-terminal's master side, held by the executor; the slave goes to the attach server, which makes it the
 * command's controlling terminal. Reads end (-1) once every slave is closed (the command and its children exited).
 */
final class Pty implements AutoCloseable {
    private final int master;
    private final String slave;
    private volatile boolean closed;

    private Pty(int master, String slave) {
        this.master = master;
        this.slave = slave;
    }

    /** Opens a new pty of the given size (0 keeps the kernel's default). */
    static Pty open(int width, int height) {
        ExecLibc libc = ExecLibc.get();
        int fd;
        try {
            fd = libc.posix_openpt(Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new DriverException("Cannot open a pty: " + e.getMessage(), e);
        }
        try {
            libc.grantpt(fd);
            libc.unlockpt(fd);
            byte[] name = new byte[128];
            int error = libc.ptsname_r(fd, name, new NativeLong(name.length));
            if (error != 0) {
                throw new DriverException("Cannot name the pty (errno " + error + ")");
            }
            int end = 0;
            while (end < name.length && name[end] != 0) {
                end++;
            }
            Pty pty = new Pty(fd, new String(name, 0, end, StandardCharsets.US_ASCII));
            pty.resize(width, height);
            return pty;
        } catch (LastErrorException | DriverException e) {
            libc.close(fd);
            throw e instanceof DriverException d ? d : new DriverException("Cannot set up the pty: " + e.getMessage(), e);
        }
    }

    /** Opens the slave (such as {@code /dev/pts/3}); the caller closes the descriptor. */
    int openSlave() {
        try {
            return ExecLibc.get().open(slave, Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new DriverException("Cannot open " + slave + ": " + e.getMessage(), e);
        }
    }

    /** Sets the window size; the kernel sends SIGWINCH to the terminal's foreground process group. */
    void resize(int width, int height) {
        if (width <= 0 || height <= 0 || closed) {
            return;
        }
        try {
            ExecLibc.get().ioctl(master, new NativeLong(Libc.TIOCSWINSZ), new short[]{(short) height, (short) width, 0, 0});
        } catch (LastErrorException e) {
            throw new DriverException("Cannot resize the pty: " + e.getMessage(), e);
        }
    }

    /** What the command writes to its terminal. */
    InputStream output() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (closed) {
                    return -1;
                }
                byte[] buffer = off == 0 ? b : new byte[len];
                try {
                    long n = ExecLibc.get().read(master, buffer, new NativeLong(Math.min(len, b.length - off))).longValue();
                    if (n <= 0) {
                        return -1;
                    }
                    if (buffer != b) {
                        System.arraycopy(buffer, 0, b, off, (int) n);
                    }
                    return (int) n;
                } catch (LastErrorException e) {
                    // EIO: the last slave was closed, which is the end of the output.
                    return -1;
                }
            }
        };
    }

    /** The command's terminal input (keystrokes). */
    OutputStream input() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                byte[] data = off == 0 && len == b.length ? b : java.util.Arrays.copyOfRange(b, off, off + len);
                int done = 0;
                while (done < data.length) {
                    if (closed) {
                        throw new IOException("The pty is closed");
                    }
                    byte[] rest = done == 0 ? data : java.util.Arrays.copyOfRange(data, done, data.length);
                    try {
                        done += (int) ExecLibc.get().write(master, rest, new NativeLong(rest.length)).longValue();
                    } catch (LastErrorException e) {
                        throw new IOException("Cannot write to the pty: " + e.getMessage(), e);
                    }
                }
            }
        };
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                ExecLibc.get().close(master);
            } catch (LastErrorException ignored) {
                // Already closed.
            }
        }
    }
}
