package io.lxbus.executor.driver.lxc;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.lxbus.executor.domain.ContainerPath;
import io.lxbus.executor.domain.FileStat;
import io.lxbus.executor.driver.FileFailure;
import io.lxbus.executor.driver.lxc.jna.Libc;
import io.lxbus.executor.driver.lxc.jna.NativeLibc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Files inside one container's root folder, never outside it. Every path from the API is resolved by the kernel with
 * {@code openat2(root, path, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS)}: "/" and ".." — also inside symlinks the
 * container made — stop at the root, as if chrooted. What follows works on the resolved descriptor, or on one name
 * (no slash) under a resolved folder with calls that never follow a last symlink ({@code mkdirat}, {@code symlinkat},
 * {@code unlinkat}, {@code fchownat(AT_SYMLINK_NOFOLLOW)}). Content is read and written through
 * {@code /proc/self/fd/N} of the resolved descriptor, which reopens that very inode (no path walk). Close it.
 */
public final class RootedFiles implements AutoCloseable {
    private static final long IN_ROOT = Libc.RESOLVE_IN_ROOT | Libc.RESOLVE_NO_MAGICLINKS;
    private final int root;

    private RootedFiles(int root) {
        this.root = root;
    }

    /** Opens the container's root folder ({@code <rootPath>/rootfs}). */
    public static RootedFiles open(Path rootfs) {
        try {
            int fd = (int) NativeLibc.library().syscall(Libc.SYS_OPENAT2, (long) -100, rootfs.toString(),
                    how(Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0, 0), 24L);
            return new RootedFiles(fd);
        } catch (LastErrorException e) {
            throw new FileFailure(500, "Cannot open the instance's root file system " + rootfs + " (errno "
                    + e.getErrorCode() + ")");
        }
    }

    /**
     * An open descriptor of an entry inside the root.
     *
     * @param fd the descriptor
     */
    public record Opened(int fd) implements AutoCloseable {
        /** The path that reopens this descriptor's inode. */
        public String procPath() {
            return "/proc/self/fd/" + fd;
        }

        @Override
        public void close() {
            closeQuietly(fd);
        }
    }

    /** {@code lstat} inside the root (a last symlink is described, not followed); empty when it does not exist. */
    public java.util.Optional<FileStat> lstat(ContainerPath path) {
        try (Opened entry = resolve(path.full(), Libc.O_PATH | Libc.O_NOFOLLOW, 0)) {
            return java.util.Optional.of(stat(entry.fd()));
        } catch (FileFailure e) {
            if (e.status() == 404) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }

    /** Opens a regular file for reading (a last symlink, a fifo or a device is refused). */
    public Opened openForReading(ContainerPath path) {
        return regular(resolve(path.full(), Libc.O_RDONLY | Libc.O_NOFOLLOW | Libc.O_NONBLOCK, 0), path);
    }

    /**
     * Opens a file for writing: created (mode 0 until {@link #own}) and truncated for {@code overwrite}, opened as it
     * is for {@code append} (which needs the file). A last symlink is followed, inside the root.
     */
    public Opened openForWriting(ContainerPath path, boolean append) {
        int flags = Libc.O_WRONLY | Libc.O_NONBLOCK | (append ? 0 : Libc.O_CREAT | Libc.O_TRUNC);
        return regular(resolve(path.full(), flags, append ? 0 : 0600), path);
    }

    /** Keeps the descriptor only when it is a regular file (never a host device or fifo the container planted). */
    private Opened regular(Opened opened, ContainerPath path) {
        try {
            if (!stat(opened.fd()).type().equals("file")) {
                throw new FileFailure(400, "Not a regular file: " + path.full());
            }
            return opened;
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /** The names in a folder, sorted. */
    public List<String> list(ContainerPath path) {
        try (Opened dir = resolve(path.full(), Libc.O_RDONLY | Libc.O_DIRECTORY, 0);
             DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of(dir.procPath()))) {
            List<String> names = new ArrayList<>();
            entries.forEach(entry -> names.add(entry.getFileName().toString()));
            names.sort(null);
            return names;
        } catch (IOException e) {
            throw new FileFailure(500, "Cannot list " + path.full() + ": " + e.getMessage());
        }
    }

    /** A symlink's target as stored. */
    public String readLink(ContainerPath path) {
        try (Opened link = resolve(path.full(), Libc.O_PATH | Libc.O_NOFOLLOW, 0)) {
            byte[] buffer = new byte[4096];
            long length = NativeLibc.library().readlinkat(link.fd(), "", buffer, buffer.length);
            return new String(buffer, 0, (int) length, StandardCharsets.UTF_8);
        } catch (LastErrorException e) {
            throw FileFailure.ofErrno(e.getErrorCode(), path.full());
        }
    }

    /** Sets mode and owner (disk ids; -1 keeps one) of an open entry. */
    public void own(Opened entry, int mode, long uid, long gid) {
        try {
            if (mode >= 0) {
                NativeLibc.library().fchmod(entry.fd(), mode & 07777);
            }
            if (uid >= 0 || gid >= 0) {
                NativeLibc.library().fchown(entry.fd(), (int) uid, (int) gid);
            }
        } catch (LastErrorException e) {
            throw FileFailure.ofErrno(e.getErrorCode(), "setting the owner and mode");
        }
    }

    /** Makes a folder with a mode and owner (disk ids); false when something of that name exists already. */
    public boolean mkdir(ContainerPath path, int mode, long uid, long gid) {
        String name = path.entryName();
        try (Opened parent = resolve(path.parent(), Libc.O_PATH | Libc.O_DIRECTORY, 0)) {
            try {
                NativeLibc.library().mkdirat(parent.fd(), name, 0700);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == 17) {
                    return false;
                }
                throw FileFailure.ofErrno(e.getErrorCode(), path.full());
            }
            try (Opened made = resolveUnder(parent.fd(), name, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_NOFOLLOW)) {
                own(made, mode, uid, gid);
            }
            return true;
        }
    }

    /** Makes a symlink owned by {@code uid}/{@code gid} (disk ids; -1 keeps root's); false when it exists already. */
    public boolean symlink(ContainerPath path, String target, long uid, long gid) {
        String name = path.entryName();
        try (Opened parent = resolve(path.parent(), Libc.O_PATH | Libc.O_DIRECTORY, 0)) {
            try {
                NativeLibc.library().symlinkat(target, parent.fd(), name);
                if (uid >= 0 || gid >= 0) {
                    NativeLibc.library().fchownat(parent.fd(), name, (int) uid, (int) gid, Libc.AT_SYMLINK_NOFOLLOW);
                }
                return true;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == 17) {
                    return false;
                }
                throw FileFailure.ofErrno(e.getErrorCode(), path.full());
            }
        }
    }

    /** Removes a file, symlink or empty folder. */
    public void delete(ContainerPath path) {
        String name = path.entryName();
        try (Opened parent = resolve(path.parent(), Libc.O_PATH | Libc.O_DIRECTORY, 0)) {
            try {
                NativeLibc.library().unlinkat(parent.fd(), name, 0);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != 21) {
                    throw FileFailure.ofErrno(e.getErrorCode(), path.full());
                }
                try {
                    NativeLibc.library().unlinkat(parent.fd(), name, Libc.AT_REMOVEDIR);
                } catch (LastErrorException again) {
                    throw FileFailure.ofErrno(again.getErrorCode(), path.full());
                }
            }
        }
    }

    /** The stat of an open entry. */
    public FileStat stat(int fd) {
        Memory buffer = new Memory(256);
        buffer.clear();
        try {
            NativeLibc.library().statx(fd, "", Libc.AT_EMPTY_PATH | Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS,
                    buffer);
        } catch (LastErrorException e) {
            throw FileFailure.ofErrno(e.getErrorCode(), "stat");
        }
        int mode = buffer.getShort(28) & 0xffff;
        String type = switch (mode & 0170000) {
            case 0040000 -> "directory";
            case 0120000 -> "symlink";
            case 0100000 -> "file";
            default -> "other";
        };
        return new FileStat(type, buffer.getInt(20) & 0xffffffffL, buffer.getInt(24) & 0xffffffffL, mode & 07777,
                buffer.getLong(40), buffer.getLong(112));
    }

    @Override
    public void close() {
        closeQuietly(root);
    }

    private Opened resolve(String path, int flags, int mode) {
        String relative = path.equals("/") ? "." : path.substring(1);
        try {
            return new Opened((int) NativeLibc.library().syscall(Libc.SYS_OPENAT2, (long) root, relative,
                    how(flags | Libc.O_CLOEXEC | ((flags & Libc.O_PATH) == 0 ? Libc.O_NOCTTY : 0), mode, IN_ROOT),
                    24L));
        } catch (LastErrorException e) {
            throw FileFailure.ofErrno(e.getErrorCode(), path);
        }
    }

    private static Opened resolveUnder(int dir, String name, int flags) {
        try {
            return new Opened((int) NativeLibc.library().syscall(Libc.SYS_OPENAT2, (long) dir, name,
                    how(flags | Libc.O_CLOEXEC, 0, IN_ROOT), 24L));
        } catch (LastErrorException e) {
            throw FileFailure.ofErrno(e.getErrorCode(), name);
        }
    }

    /** {@code struct open_how { u64 flags; u64 mode; u64 resolve; }}. */
    private static Memory how(int flags, int mode, long resolve) {
        Memory how = new Memory(24);
        how.setLong(0, flags & 0xffffffffL);
        how.setLong(8, (flags & Libc.O_CREAT) != 0 ? mode : 0);
        how.setLong(16, resolve);
        return how;
    }

    private static void closeQuietly(int fd) {
        try {
            NativeLibc.library().close(fd);
        } catch (LastErrorException e) {
            // already closed: nothing to release
        }
    }
}
