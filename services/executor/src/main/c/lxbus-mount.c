/*
 * lxbus-mount: mounts a host path into a running container, or unmounts it, from outside the JVM.
 *
 *   lxbus-mount mount  <pid> <source> <target> [ro] [shift] [recursive]
 *   lxbus-mount umount <pid> <target>
 *
 * <pid> is the container's init (host pid); <target> is an absolute path as the container sees it.
 * mount: open_tree(OPEN_TREE_CLONE) of <source> in the host, mount_setattr (read-only, private, and for
 * "shift" MOUNT_ATTR_IDMAP with the container's user namespace), then setns into the container's user and
 * mount namespaces (through a pidfd, so a recycled pid cannot be joined), create <target> as the container's
 * root (a folder, or an empty file for a file source) and move_mount the tree onto it.
 * umount: setns the same way, then umount2(MNT_DETACH); a target that is not mounted is not an error.
 * setns into a mount namespace is refused to multi-threaded processes, which is why this is not done in the
 * JVM (see services/executor/DESIGN.md). Exit status 0 on success; otherwise a message on stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static int fail(const char *what, const char *arg) {
    fprintf(stderr, "%s%s%s: %s\n", what, arg ? " " : "", arg ? arg : "", strerror(errno));
    return 1;
}

static int has_flag(int argc, char **argv, int from, const char *flag) {
    for (int i = from; i < argc; i++) {
        if (strcmp(argv[i], flag) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Joins the user (when it differs from ours) and mount namespaces of the process behind pidfd. */
static int join(int pidfd, pid_t pid) {
    char path[64];
    struct stat mine, theirs;
    snprintf(path, sizeof(path), "/proc/%d/ns/user", (int) pid);
    if (stat("/proc/self/ns/user", &mine) < 0 || stat(path, &theirs) < 0) {
        return fail("cannot read the user namespace of", path);
    }
    int flags = CLONE_NEWNS;
    if (mine.st_ino != theirs.st_ino || mine.st_dev != theirs.st_dev) {
        flags |= CLONE_NEWUSER;
    }
    if (setns(pidfd, flags) < 0) {
        return fail("cannot join the namespaces of the container", NULL);
    }
    /* Become the container's root, so what is created inside is owned by it (and host ids need no mapping). */
    if ((flags & CLONE_NEWUSER) && (setgroups(0, NULL) < 0 || setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)) {
        return fail("cannot become the container's root", NULL);
    }
    return 0;
}

/* mkdir -p of every parent of path, as the current (container) root. */
static int make_parents(const char *target) {
    char buf[4096];
    if (strlen(target) >= sizeof(buf)) {
        errno = ENAMETOOLONG;
        return fail("target too long", NULL);
    }
    strcpy(buf, target);
    for (char *p = buf + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0755) < 0 && errno != EEXIST) {
                return fail("cannot create", buf);
            }
            *p = '/';
        }
    }
    return 0;
}

static int do_mount(pid_t pid, int pidfd, const char *source, const char *target, int ro, int shift, int recursive) {
    unsigned int tree_flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (recursive ? AT_RECURSIVE : 0);
    int tree = open_tree(AT_FDCWD, source, tree_flags);
    if (tree < 0) {
        return fail("cannot open", source);
    }
    struct stat st;
    if (fstat(tree, &st) < 0) {
        return fail("cannot stat", source);
    }
    struct mount_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.propagation = MS_PRIVATE;
    if (ro) {
        attr.attr_set |= MOUNT_ATTR_RDONLY;
    }
    int userns = -1;
    if (shift) {
        char path[64];
        snprintf(path, sizeof(path), "/proc/%d/ns/user", (int) pid);
        userns = open(path, O_RDONLY | O_CLOEXEC);
        if (userns < 0) {
            return fail("cannot open", path);
        }
        attr.attr_set |= MOUNT_ATTR_IDMAP;
        attr.userns_fd = userns;
    }
    if (mount_setattr(tree, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &attr, sizeof(attr)) < 0) {
        return fail(shift ? "cannot make an idmapped mount of" : "cannot set the mount options of", source);
    }
    if (join(pidfd, pid) != 0 || make_parents(target) != 0) {
        return 1;
    }
    if (S_ISDIR(st.st_mode)) {
        if (mkdir(target, 0755) < 0 && errno != EEXIST) {
            return fail("cannot create", target);
        }
    } else {
        int fd = open(target, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0) {
            return fail("cannot create", target);
        }
        close(fd);
    }
    if (move_mount(tree, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH) < 0) {
        return fail("cannot mount onto", target);
    }
    /* A mount moved under a shared parent joins its peer group; ours propagates nowhere. */
    struct mount_attr private_attr;
    memset(&private_attr, 0, sizeof(private_attr));
    private_attr.propagation = MS_PRIVATE;
    if (mount_setattr(AT_FDCWD, target, AT_SYMLINK_NOFOLLOW | (recursive ? AT_RECURSIVE : 0), &private_attr,
                      sizeof(private_attr)) < 0) {
        return fail("cannot make private", target);
    }
    return 0;
}

static int do_umount(pid_t pid, int pidfd, const char *target) {
    if (join(pidfd, pid) != 0) {
        return 1;
    }
    if (umount2(target, MNT_DETACH | UMOUNT_NOFOLLOW) < 0 && errno != EINVAL && errno != ENOENT) {
        return fail("cannot unmount", target);
    }
    return 0;
}

int main(int argc, char **argv) {
    int is_mount = argc >= 5 && strcmp(argv[1], "mount") == 0;
    int is_umount = argc == 4 && strcmp(argv[1], "umount") == 0;
    if (!is_mount && !is_umount) {
        fprintf(stderr, "usage: lxbus-mount mount <pid> <source> <target> [ro] [shift] [recursive]\n"
                        "       lxbus-mount umount <pid> <target>\n");
        return 2;
    }
    pid_t pid = (pid_t) atoi(argv[2]);
    const char *target = is_mount ? argv[4] : argv[3];
    if (pid <= 0 || target[0] != '/') {
        fprintf(stderr, "a positive pid and an absolute target are needed\n");
        return 2;
    }
    int pidfd = (int) syscall(SYS_pidfd_open, pid, 0);
    if (pidfd < 0) {
        return fail("cannot open the container's init process", argv[2]);
    }
    if (is_umount) {
        return do_umount(pid, pidfd, target);
    }
    return do_mount(pid, pidfd, argv[3], target, has_flag(argc, argv, 5, "ro"), has_flag(argc, argv, 5, "shift"),
                    has_flag(argc, argv, 5, "recursive"));
}
