package io.lxbus.executor.driver.lxc;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.lxbus.executor.driver.DriverException;
import io.lxbus.executor.driver.lxc.jna.Libc;
import io.lxbus.executor.driver.lxc.jna.LxcContainer;
import io.lxbus.executor.driver.lxc.jna.LxcException;
import io.lxbus.executor.driver.lxc.jna.NativeLibc;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client attached to a running container's {@code /dev/console}: liblxc's {@code console_getfd} asks the
 * container's monitor for the console over its command socket and receives a pty (no fork, no helper process). One
 * session at a time per container (liblxc refuses a second). Reads poll with a short timeout so {@link #close()}
 * ends a reader promptly; writes may block while the container does not read, so callers keep them off event loops.
 */
public final class ConsoleSession implements AutoCloseable {
    private static final int POLL_MILLIS = 200;
    private final LxcContainer container;
    private final int fd;
    private final int ptx;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Reads and writes hold it shared; releasing the descriptors holds it alone, so no call uses a reused number. */
    private final java.util.concurrent.locks.ReentrantReadWriteLock use = new java.util.concurrent.locks.ReentrantReadWriteLock();

    private ConsoleSession(LxcContainer container, int fd, int ptx) {
        this.container = container;
        this.fd = fd;
        this.ptx = ptx;
    }

    /** Attaches to the console of the running container {@code uuid}. */
    public static ConsoleSession attach(String uuid, Path lxcPath) {
        LxcContainer container = LxcContainer.open(uuid, lxcPath.toString());
        try {
            if (!container.isRunning()) {
                throw new DriverException("Instance is not running");
            }
            int[] fds = container.consoleGetfd(0);
            return new ConsoleSession(container, fds[0], fds[1]);
        } catch (LxcException e) {
            container.close();
            throw new DriverException("Cannot attach to the console (is another client attached?): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            container.close();
            throw e;
        }
    }

    /** Sets the console's window size ({@code TIOCSWINSZ}); ignored when either is not positive. */
    public void resize(int width, int height) {
        use.readLock().lock();
        try {
            if (width > 0 && height > 0 && !closed.get()) {
                setSize(width, height);
            }
        } finally {
            use.readLock().unlock();
        }
    }

    private void setSize(int width, int height) {
        Memory size = new Memory(8);
        size.clear();
        size.setShort(0, (short) height);
        size.setShort(2, (short) width);
        try {
            NativeLibc.library().ioctl(ptx, Libc.TIOCSWINSZ, size);
        } catch (LastErrorException e) {
            // a console that cannot be resized still works
        }
    }

    /** Writes keystrokes to the console. */
    public void write(byte[] data) {
        use.readLock().lock();
        try {
            writeAll(data);
        } finally {
            use.readLock().unlock();
        }
    }

    private void writeAll(byte[] data) {
        int done = 0;
        while (done < data.length && !closed.get()) {
            byte[] rest = done == 0 ? data : java.util.Arrays.copyOfRange(data, done, data.length);
            try {
                done += (int) NativeLibc.library().write(ptx, rest, rest.length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != 4 && e.getErrorCode() != 11) {
                    throw new DriverException("The console is gone (errno " + e.getErrorCode() + ")", e);
                }
            }
        }
    }

    /** Reads console output into {@code buffer}: a count, 0 when nothing came within a short wait, -1 once it ended. */
    public int read(byte[] buffer) {
        use.readLock().lock();
        try {
            return closed.get() ? -1 : readSome(buffer);
        } finally {
            use.readLock().unlock();
        }
    }

    private int readSome(byte[] buffer) {
        Memory poll = new Memory(8);
        poll.clear();
        poll.setInt(0, ptx);
        poll.setShort(4, Libc.POLLIN);
        try {
            if (NativeLibc.library().poll(poll, 1, POLL_MILLIS) == 0) {
                return 0;
            }
            if ((poll.getShort(6) & Libc.POLLIN) == 0) {
                return -1;
            }
            long count = NativeLibc.library().read(ptx, buffer, buffer.length);
            return count <= 0 ? -1 : (int) count;
        } catch (LastErrorException e) {
            return e.getErrorCode() == 4 || e.getErrorCode() == 11 ? 0 : -1;
        }
    }

    /** Releases the console (another client may attach). */
    @Override
    public void close() {
        closed.set(true);
        use.writeLock().lock();
        try {
            release();
        } finally {
            use.writeLock().unlock();
        }
    }

    private boolean released;

    private void release() {
        if (!released) {
            released = true;
            for (int descriptor : new int[] {ptx, fd}) {
                try {
                    NativeLibc.library().close(descriptor);
                } catch (LastErrorException e) {
                    // already closed
                }
            }
            container.close();
        }
    }
}
