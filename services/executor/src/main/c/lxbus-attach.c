// lxbus-attach: the resident attach server of the executor (see services/executor/DESIGN.md, "exec").
//
//   lxbus-attach SOCKET EXECUTOR_PID
//
// Started once by the executor (liblxc is loaded once, here); it listens on SOCKET (0600) and forks a child per
// connection. One connection is one exec, and the child serves it:
//   executor → child: u32 length, then that many bytes of NUL-terminated arguments (below), with the command's
//                     stdin, stdout and stderr as three SCM_RIGHTS descriptors on the first byte; later u32 signal
//                     numbers to pass to the command;
//   child → executor: the byte 'A' once the request is read (nothing has run yet), then the u32 exit status.
// Integers are in host order (both ends are on this host). The arguments, argv-style:
//   lxbus-attach -n NAME -P LXCPATH [-u UID] [-g GID] [-c CWD | -C CWD] [-t] [-e KEY=VALUE]... -- CMD ARG...
// -c: run in CWD or fail; -C: run in CWD if it exists, else in /; -t: stdin is a pty that becomes the command's
// controlling terminal (setsid + TIOCSCTTY), so window resizes and Ctrl-C reach it.
// The command runs with exactly the given environment; the exit status is the command's, 128+n when it was killed by
// signal n, 126/127 when it could not be executed or found, 255 when attaching failed.
// Lifetimes: the server dies with the executor (PR_SET_PDEATHSIG); a connection that closes (the executor killed the
// exec, or died) makes the child SIGKILL the command; the command dies with the child (PR_SET_PDEATHSIG).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <lxc/lxccontainer.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define ATTACH_FAILED 255
#define MAX_REQUEST (1 << 20)
#define MAX_ARGS 4096

struct payload {
    char **argv;
    const char *cwd;
    int cwd_required;
    int pty;
};

static pid_t executor;

// Runs in the attached process, inside the container.
static int run(void *data) {
    struct payload *p = data;
    // Die with the child that serves the exec. Its parent is outside the container's pid namespace, so getppid() is
    // 0 while that child lives; anything else means it died before the line above.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != 0) {
        _exit(ATTACH_FAILED);
    }
    // Whatever the executor was started with (a background job ignores SIGINT and SIGQUIT) and whatever the server
    // set up, the command starts with default signal handling and nothing blocked, as a login would.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int sig = 1; sig < NSIG; sig++) {
        signal(sig, SIG_DFL);
    }
    if (p->pty) {
        setsid();
        if (ioctl(0, TIOCSCTTY, 0) < 0) {
            fprintf(stderr, "lxbus-attach: cannot make the pty the controlling terminal: %s\n", strerror(errno));
        }
    }
    if (p->cwd != NULL && chdir(p->cwd) < 0) {
        if (p->cwd_required) {
            fprintf(stderr, "Failed to change directory to \"%s\": %s\n", p->cwd, strerror(errno));
            _exit(ATTACH_FAILED);
        }
        if (chdir("/") < 0) {
            _exit(ATTACH_FAILED);
        }
    }
    execvp(p->argv[0], p->argv);
    _exit(errno == ENOENT ? 127 : 126);
}

static int read_full(int fd, void *buffer, size_t length) {
    for (size_t done = 0; done < length;) {
        ssize_t n = read(fd, (char *) buffer + done, length - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return -1;
        }
        done += (size_t) n;
    }
    return 0;
}

static void send_status(int conn, uint32_t status) {
    // The executor may be gone (it killed the exec); SIGPIPE is ignored, so this just fails then.
    if (write(conn, &status, sizeof status) < 0) {
        return;
    }
}

// Reads the request: the length with the three descriptors, then the arguments. Returns argc, or -1.
static int receive(int conn, char **buffer, char **argv, int fds[3]) {
    uint32_t length = 0;
    char control[CMSG_SPACE(3 * sizeof(int))];
    struct iovec iov = {.iov_base = &length, .iov_len = sizeof length};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
    ssize_t n;
    do {
        n = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC | MSG_WAITALL);
    } while (n < 0 && errno == EINTR);
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
    if (n != sizeof length || cmsg == NULL || cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS
            || cmsg->cmsg_len != CMSG_LEN(3 * sizeof(int)) || length == 0 || length > MAX_REQUEST) {
        return -1;
    }
    memcpy(fds, CMSG_DATA(cmsg), 3 * sizeof(int));
    *buffer = malloc(length + 1);
    if (*buffer == NULL || read_full(conn, *buffer, length) < 0) {
        return -1;
    }
    (*buffer)[length] = '\0';
    int argc = 0;
    for (char *arg = *buffer; arg < *buffer + length; arg += strlen(arg) + 1) {
        if (argc == MAX_ARGS) {
            return -1;
        }
        argv[argc++] = arg;
    }
    argv[argc] = NULL;
    return argc;
}

// Waits for the command while passing on the signals the executor sends; SIGKILLs it when the connection ends.
static int wait_command(int conn, pid_t pid) {
    // A pidfd (kernel 5.3+; the executor needs 5.6 for openat2) says when the command ended, as the connection does.
    int pidfd = (int) syscall(SYS_pidfd_open, pid, 0);
    if (pidfd < 0) {
        fprintf(stderr, "lxbus-attach: pidfd_open: %s\n", strerror(errno));
        kill(pid, SIGKILL);
    }
    unsigned char pending[sizeof(uint32_t)];
    size_t have = 0;
    struct pollfd fds[2] = {{.fd = pidfd, .events = POLLIN}, {.fd = conn, .events = POLLIN}};
    while (pidfd >= 0) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            kill(pid, SIGKILL);
            break;
        }
        if (fds[0].revents) {
            break;
        }
        if (fds[1].revents) {
            ssize_t n = read(conn, pending + have, sizeof pending - have);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                kill(pid, SIGKILL);
                break;
            }
            have += (size_t) n;
            if (have == sizeof pending) {
                uint32_t sig;
                memcpy(&sig, pending, sizeof sig);
                if (sig > 0 && sig < (uint32_t) NSIG) {
                    kill(pid, (int) sig);
                }
                have = 0;
            }
        }
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            return ATTACH_FAILED;
        }
    }
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return ATTACH_FAILED;
}

// One exec, in a child of the server. Never returns.
static void serve(int conn) {
    signal(SIGCHLD, SIG_DFL);
    struct ucred peer;
    socklen_t size = sizeof peer;
    // Only the executor itself may run commands (the socket is root's alone already).
    if (getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &peer, &size) < 0 || peer.pid != executor) {
        _exit(ATTACH_FAILED);
    }
    char *buffer = NULL, *argv[MAX_ARGS + 1];
    int fds[3] = {-1, -1, -1};
    int argc = receive(conn, &buffer, argv, fds);
    if (argc < 0) {
        _exit(ATTACH_FAILED);
    }
    for (int i = 0; i < 3; i++) {
        if (dup2(fds[i], i) < 0) {
            _exit(ATTACH_FAILED);
        }
    }
    for (int i = 0; i < 3; i++) {
        if (fds[i] > 2) {
            close(fds[i]);
        }
    }
    // Tell the executor the request arrived; if it is already gone, run nothing.
    if (write(conn, "A", 1) != 1) {
        _exit(ATTACH_FAILED);
    }

    const char *name = NULL, *lxcpath = NULL, *cwd = NULL;
    int cwd_required = 0, pty = 0, envc = 0, opt;
    long uid = 0, gid = 0;
    char *env[MAX_ARGS + 1];
    while ((opt = getopt(argc, argv, "+n:P:u:g:c:C:te:")) != -1) {
        switch (opt) {
            case 'n': name = optarg; break;
            case 'P': lxcpath = optarg; break;
            case 'u': uid = strtol(optarg, NULL, 10); break;
            case 'g': gid = strtol(optarg, NULL, 10); break;
            case 'c': cwd = optarg; cwd_required = 1; break;
            case 'C': cwd = optarg; cwd_required = 0; break;
            case 't': pty = 1; break;
            case 'e': env[envc++] = optarg; break;
            default: send_status(conn, ATTACH_FAILED); _exit(ATTACH_FAILED);
        }
    }
    env[envc] = NULL;
    if (name == NULL || lxcpath == NULL || optind >= argc) {
        fprintf(stderr, "lxbus-attach: incomplete request\n");
        send_status(conn, ATTACH_FAILED);
        _exit(ATTACH_FAILED);
    }
    struct lxc_container *c = lxc_container_new(name, lxcpath);
    if (c == NULL || !c->is_running(c)) {
        fprintf(stderr, "Instance is not running\n");
        send_status(conn, ATTACH_FAILED);
        _exit(ATTACH_FAILED);
    }
    struct payload payload = {.argv = &argv[optind], .cwd = cwd, .cwd_required = cwd_required, .pty = pty};
    lxc_attach_options_t options = LXC_ATTACH_OPTIONS_DEFAULT;
    options.uid = (uid_t) uid;
    options.gid = (gid_t) gid;
    options.env_policy = LXC_ATTACH_CLEAR_ENV;
    options.extra_env_vars = env;
    options.initial_cwd = "/";
    pid_t pid = -1;
    if (c->attach(c, run, &payload, &options, &pid) < 0 || pid <= 0) {
        fprintf(stderr, "lxbus-attach: failed to attach to %s\n", name);
        send_status(conn, ATTACH_FAILED);
        _exit(ATTACH_FAILED);
    }
    send_status(conn, (uint32_t) wait_command(conn, pid));
    _exit(0);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: lxbus-attach SOCKET EXECUTOR_PID\n");
        return ATTACH_FAILED;
    }
    executor = (pid_t) strtol(argv[2], NULL, 10);
    // Die with the executor; if it is already gone, do nothing.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != executor) {
        return ATTACH_FAILED;
    }
    // Children are reaped by the kernel; a write to a connection the executor closed fails instead of killing.
    signal(SIGCHLD, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    if (strlen(argv[1]) >= sizeof address.sun_path) {
        fprintf(stderr, "lxbus-attach: socket path too long\n");
        return ATTACH_FAILED;
    }
    strcpy(address.sun_path, argv[1]);
    int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    umask(0177);  // the socket is 0600
    unlink(argv[1]);
    if (listener < 0 || bind(listener, (struct sockaddr *) &address, sizeof address) < 0 || listen(listener, 64) < 0) {
        fprintf(stderr, "lxbus-attach: cannot listen on %s: %s\n", argv[1], strerror(errno));
        return ATTACH_FAILED;
    }
    // The executor waits for this line before its first connect.
    printf("ready\n");
    fflush(stdout);
    for (;;) {
        int conn = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
        if (conn < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOMEM || errno == ENOBUFS) {
                usleep(10000);  // not a busy loop while the host is short of descriptors
            }
            continue;
        }
        pid_t pid = fork();
        if (pid == 0) {
            close(listener);
            serve(conn);
        }
        // fork failed: closing tells the executor (no 'A'), which reports it.
        close(conn);
    }
}
