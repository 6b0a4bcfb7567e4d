package io.lxbus.executor.driver.lxc.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The few libc calls exec needs (a pty, pipes, the attach server's socket), with C names (64-bit little-endian
 * Linux: x86-64, arm64); failures throw {@link LastErrorException}. Open flags are {@link Libc}'s.
 */
public interface ExecLibc extends Library {
    /** {@code AF_UNIX}. */
    int AF_UNIX = 1;
    /** {@code SOCK_STREAM | SOCK_CLOEXEC}. */
    int SOCK_STREAM_CLOEXEC = 1 | 0x80000;
    /** {@code SOL_SOCKET}. */
    int SOL_SOCKET = 1;
    /** {@code SCM_RIGHTS}. */
    int SCM_RIGHTS = 1;
    /** {@code SHUT_RDWR}. */
    int SHUT_RDWR = 2;
    /** {@code POLLIN}. */
    int POLLIN = 1;

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

    /** {@code int open(const char *path, int flags, mode_t mode)}. */
    int open(String path, int flags, int mode) throws LastErrorException;

    /** {@code int pipe2(int fds[2], int flags)}: {@code fds[0]} reads, {@code fds[1]} writes. */
    int pipe2(int[] fds, int flags) throws LastErrorException;

    /** {@code ssize_t read(int fd, void *buf, size_t count)}. */
    NativeLong read(int fd, byte[] buf, NativeLong count) throws LastErrorException;

    /** {@code ssize_t write(int fd, const void *buf, size_t count)}. */
    NativeLong write(int fd, byte[] buf, NativeLong count) throws LastErrorException;

    /** {@code int close(int fd)}. */
    int close(int fd) throws LastErrorException;

    /** {@code int socket(int domain, int type, int protocol)}. */
    int socket(int domain, int type, int protocol) throws LastErrorException;

    /** {@code int connect(int fd, const struct sockaddr *addr, socklen_t len)}. */
    int connect(int fd, byte[] address, int length) throws LastErrorException;

    /** {@code ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)}. */
    NativeLong sendmsg(int fd, Pointer message, int flags) throws LastErrorException;

    /** {@code int shutdown(int fd, int how)}. */
    int shutdown(int fd, int how) throws LastErrorException;

    /** {@code int poll(struct pollfd *fds, nfds_t n, int timeout)}; one pollfd is {fd, events | revents << 16}. */
    int poll(int[] pollfd, NativeLong count, int timeoutMillis) throws LastErrorException;

    /** Loads libc on first use. */
    static ExecLibc get() {
        return Holder.LIBC;
    }

    /** Lazy holder: libc is loaded on the first call, never at class load. */
    final class Holder {
        private static final ExecLibc LIBC = Native.load("c", ExecLibc.class);

        private Holder() {
        }
    }
}
