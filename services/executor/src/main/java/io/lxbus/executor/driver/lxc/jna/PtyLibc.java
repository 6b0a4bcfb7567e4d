package io.lxbus.executor.driver.lxc.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/** The few libc calls exec needs (a pty and signals), with C names; failures throw {@link LastErrorException}. */
public interface PtyLibc extends Library {
    /** {@code O_RDWR}. */
    int O_RDWR = 2;
    /** {@code O_NOCTTY}. */
    int O_NOCTTY = 0x100;
    /** {@code O_CLOEXEC}. */
    int O_CLOEXEC = 0x80000;
    /** {@code TIOCSWINSZ} on x86-64 and arm64. */
    long TIOCSWINSZ = 0x5414;

    /** {@code int posix_openpt(int flags)}. */
    int posix_openpt(int flags) throws LastErrorException;

    /** {@code int grantpt(int fd)}. */
    int grantpt(int fd) throws LastErrorException;

    /** {@code int unlockpt(int fd)}. */
    int unlockpt(int fd) throws LastErrorException;

    /** {@code int ptsname_r(int fd, char *buf, size_t buflen)}: 0 or an error number (errno is not set). */
    int ptsname_r(int fd, byte[] buf, NativeLong buflen);

    /** {@code int ioctl(int fd, unsigned long request, struct winsize *ws)}, the winsize as four shorts. */
    int ioctl(int fd, NativeLong request, short[] winsize) throws LastErrorException;

    /** {@code ssize_t read(int fd, void *buf, size_t count)}. */
    NativeLong read(int fd, byte[] buf, NativeLong count) throws LastErrorException;

    /** {@code ssize_t write(int fd, const void *buf, size_t count)}. */
    NativeLong write(int fd, byte[] buf, NativeLong count) throws LastErrorException;

    /** {@code int close(int fd)}. */
    int close(int fd) throws LastErrorException;

    /** {@code int kill(pid_t pid, int sig)}. */
    int kill(int pid, int sig) throws LastErrorException;

    /** Loads libc on first use. */
    static PtyLibc get() {
        return Holder.LIBC;
    }

    /** Lazy holder: libc is loaded on the first call, never at class load. */
    final class Holder {
        private static final PtyLibc LIBC = Native.load("c", PtyLibc.class);

        private Holder() {
        }
    }
}
