// lxbus-attach: runs one command inside a running container for the executor (see services/executor/DESIGN.md).
//
//   lxbus-attach -n NAME -P LXCPATH -p PARENT_PID [-u UID] [-g GID] [-c CWD | -C CWD] [-t PTY] [-e KEY=VALUE]...
//                -- CMD ARG...
//
// -c: run in CWD or fail; -C: run in CWD if it exists, else in /.
// Like lxc-attach, but: it dies with the executor (PR_SET_PDEATHSIG) and the command dies with it; the command runs
// in the given directory with exactly the given environment; with -t the command gets that pty as its controlling
// terminal (setsid + TIOCSCTTY), so window resizes and Ctrl-C reach it; the exit status is the command's, 128+n when
// it was killed by signal n, 126/127 when it could not be executed or found, 255 when attaching failed.
// Signals the helper receives (INT, TERM, HUP, QUIT, USR1, USR2, CONT, TSTP, TTIN, TTOU, WINCH) go to the command.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <lxc/lxccontainer.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define ATTACH_FAILED 255
#define MAX_ENV 512

struct payload {
    char **argv;
    const char *cwd;
    int cwd_required;
    int pty;
};

static volatile pid_t child = -1;

static int run(void *data) {
    struct payload *p = data;
    // Die with the helper. Its parent is outside the container's pid namespace, so getppid() is 0 while the helper
    // lives; anything else means it died before the line above.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != 0) {
        _exit(ATTACH_FAILED);
    }
    // Whatever the executor was started with (a background job ignores SIGINT and SIGQUIT), the command starts with
    // default signal handling and nothing blocked, as a login would.
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

static void forward(int sig) {
    if (child > 0) {
        kill(child, sig);
    }
}

static void usage(void) {
    fprintf(stderr, "usage: lxbus-attach -n NAME -P LXCPATH -p PARENT_PID [-u UID] [-g GID] [-c|-C CWD] [-t PTY] "
                    "[-e KEY=VALUE]... -- CMD [ARG...]\n");
    exit(ATTACH_FAILED);
}

int main(int argc, char **argv) {
    const char *name = NULL, *lxcpath = NULL, *cwd = NULL, *pty = NULL;
    int cwd_required = 0;
    long uid = 0, gid = 0, parent = -1;
    char *env[MAX_ENV + 1];
    int envc = 0, opt;

    while ((opt = getopt(argc, argv, "+n:P:p:u:g:c:C:t:e:")) != -1) {
        switch (opt) {
            case 'n': name = optarg; break;
            case 'P': lxcpath = optarg; break;
            case 'p': parent = strtol(optarg, NULL, 10); break;
            case 'u': uid = strtol(optarg, NULL, 10); break;
            case 'g': gid = strtol(optarg, NULL, 10); break;
            case 'c': cwd = optarg; cwd_required = 1; break;
            case 'C': cwd = optarg; cwd_required = 0; break;
            case 't': pty = optarg; break;
            case 'e':
                if (envc == MAX_ENV) {
                    fprintf(stderr, "lxbus-attach: too many environment variables\n");
                    return ATTACH_FAILED;
                }
                env[envc++] = optarg;
                break;
            default: usage();
        }
    }
    env[envc] = NULL;
    if (name == NULL || lxcpath == NULL || parent < 0 || optind >= argc) {
        usage();
    }
    // Die with the executor; if it is already gone, do nothing.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != (pid_t) parent) {
        return ATTACH_FAILED;
    }
    if (pty != NULL) {
        int fd = open(pty, O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (fd < 0) {
            fprintf(stderr, "lxbus-attach: cannot open %s: %s\n", pty, strerror(errno));
            return ATTACH_FAILED;
        }
        for (int i = 0; i < 3; i++) {
            if (dup2(fd, i) < 0) {
                return ATTACH_FAILED;
            }
        }
        close(fd);
    }

    struct lxc_container *c = lxc_container_new(name, lxcpath);
    if (c == NULL || !c->is_running(c)) {
        fprintf(stderr, "Instance is not running\n");
        return ATTACH_FAILED;
    }
    struct payload payload = {.argv = &argv[optind], .cwd = cwd, .cwd_required = cwd_required, .pty = pty != NULL};
    lxc_attach_options_t options = LXC_ATTACH_OPTIONS_DEFAULT;
    options.uid = (uid_t) uid;
    options.gid = (gid_t) gid;
    options.env_policy = LXC_ATTACH_CLEAR_ENV;
    options.extra_env_vars = env;
    options.initial_cwd = "/";

    pid_t pid = -1;
    if (c->attach(c, run, &payload, &options, &pid) < 0 || pid <= 0) {
        fprintf(stderr, "lxbus-attach: failed to attach to %s\n", name);
        lxc_container_put(c);
        return ATTACH_FAILED;
    }
    child = pid;
    // After attach(): liblxc changes the caller's signal handling while it attaches.
    int forwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGCONT, SIGTSTP, SIGTTIN, SIGTTOU, SIGWINCH};
    struct sigaction action = {0};
    action.sa_handler = forward;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++) {
        sigaction(forwarded[i], &action, NULL);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            lxc_container_put(c);
            return ATTACH_FAILED;
        }
    }
    lxc_container_put(c);
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return ATTACH_FAILED;
}
