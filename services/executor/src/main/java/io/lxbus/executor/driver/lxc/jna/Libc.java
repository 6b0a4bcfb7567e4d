package io.lxbus.executor.driver.lxc.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The libc calls the executor makes for files and consoles, with C names (x86-64 and other 64-bit Linux). Each throws
 * {@link LastErrorException} (errno) on failure; {@code openat2} has no glibc wrapper and goes through {@code syscall}.
 */
public interface Libc extends Library {
    /** {@code openat2}'s number in the generic syscall table (the same on x86-64 and arm64). */
    long SYS_OPENAT2 = 437;
    int O_RDONLY = 0;
    int O_WRONLY = 01;
    int O_RDWR = 02;
    int O_CREAT = 0100;
    int O_EXCL = 0200;
    int O_NOCTTY = 0400;
    int O_TRUNC = 01000;
    int O_APPEND = 02000;
    int O_NONBLOCK = 04000;
    int O_DIRECTORY = 0200000;
    int O_NOFOLLOW = 0400000;
    int O_CLOEXEC = 02000000;
    int O_PATH = 010000000;
    /** {@code RESOLVE_NO_MAGICLINKS}: no /proc magic links on the way. */
    long RESOLVE_NO_MAGICLINKS = 0x02;
    /** {@code RESOLVE_IN_ROOT}: "/" and ".." (also in symlinks) stay at the given directory. */
    long RESOLVE_IN_ROOT = 0x10;
    int AT_SYMLINK_NOFOLLOW = 0x100;
    int AT_REMOVEDIR = 0x200;
    int AT_EMPTY_PATH = 0x1000;
    /** {@code STATX_BASIC_STATS}. */
    int STATX_BASIC_STATS = 0x7ff;
    /** {@code TIOCSWINSZ}. */
    long TIOCSWINSZ = 0x5414;
    short POLLIN = 0x1;

    /** {@code long syscall(long number, ...)}; arguments are passed as longs and pointers. */
    long syscall(long number, Object... args) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int fchown(int fd, int uid, int gid) throws LastErrorException;

    int fchmod(int fd, int mode) throws LastErrorException;

    int fchownat(int dirfd, String path, int uid, int gid, int flags) throws LastErrorException;

    int mkdirat(int dirfd, String path, int mode) throws LastErrorException;

    int symlinkat(String target, int dirfd, String path) throws LastErrorException;

    int unlinkat(int dirfd, String path, int flags) throws LastErrorException;

    long readlinkat(int dirfd, String path, byte[] buffer, long size) throws LastErrorException;

    int statx(int dirfd, String path, int flags, int mask, Pointer buffer) throws LastErrorException;

    int ioctl(int fd, long request, Pointer argument) throws LastErrorException;

    long read(int fd, byte[] buffer, long count) throws LastErrorException;

    long write(int fd, byte[] buffer, long count) throws LastErrorException;

    int poll(Pointer fds, long count, int timeoutMillis) throws LastErrorException;
}
