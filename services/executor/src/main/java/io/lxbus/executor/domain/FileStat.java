package io.lxbus.executor.domain;

/**
 * What {@code lstat} says about an entry inside a container, ids as stored on disk.
 *
 * @param type     {@code file}, {@code directory} or {@code symlink} (LXD's X-LXD-type); {@code other} for the rest
 * @param uid      owner on disk
 * @param gid      group on disk
 * @param mode     permission bits (07777)
 * @param size     size in bytes
 * @param mtime    modification time, seconds since the epoch
 */
public record FileStat(String type, long uid, long gid, int mode, long size, long mtime) {
    /** LXD's {@code X-LXD-mode}: four octal digits. */
    public String octalMode() {
        return String.format("%04o", mode & 07777);
    }
}
