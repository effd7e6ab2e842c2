// Process set-up for FuseScoring's sandbox. Three processes, each with one job:
//
//   caller (Swift, multithreaded)
//     └─ keeper   new session; unshares the namespaces, builds the file-system view, writes the
//        │        payload's files; waits for the init, then exits
//        └─ init  pid 1 of the new PID namespace; mounts its /proc, forks the payload, reaps every
//           │     orphan, reports the payload's exit status, and exits as soon as the payload does:
//           │     the kernel then kills every process left in the namespace
//           └─ payload   limits, unprivileged identity, clean signal state, exec
//
// After fork in a multithreaded process only async-signal-safe calls are allowed: no malloc, no
// stdio, no locks. Everything below the fork is plain system calls on memory the caller prepared.
#define _GNU_SOURCE
#include "csandbox.h"

#include <errno.h>

#ifdef __linux__
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

// mount_setattr(2) (Linux 5.12) has no wrapper in older C libraries; its number is the same on
// every architecture. The attribute struct is declared here to avoid clashing header versions.
#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif
struct csb_mount_attr {
    uint64_t attr_set;
    uint64_t attr_clr;
    uint64_t propagation;
    uint64_t userns_fd;
};
#define CSB_MOUNT_ATTR_RDONLY 0x00000001
#define CSB_MOUNT_ATTR_NOSUID 0x00000002
#define CSB_AT_RECURSIVE 0x8000

/// The report pipe's descriptor in the keeper, the init and the payload (until exec closes it).
#define REPORT_FD 3

/// Writes a failure record (which step, errno) to the report pipe and exits.
static void fail(int step, int err) {
    csb_report r = {CSB_REPORT_FAILURE, step, err, 0, 0};
    ssize_t n = write(REPORT_FD, &r, sizeof r);
    (void)n;
    _exit(127);
}

/// Decimal text of `value` into `out` (at least 11 bytes); returns the length.
static size_t format_decimal(uint32_t value, char *out) {
    char digits[10];
    size_t n = 0;
    do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0);
    for (size_t i = 0; i < n; i++) out[i] = digits[n - 1 - i];
    return n;
}

/// Writes `len` bytes to a /proc file in one write (the id-map files require that).
static int write_proc_file(const char *path, const char *text, size_t len) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = write(fd, text, len);
    int err = errno;
    close(fd);
    errno = err;
    return n == (ssize_t)len ? 0 : -1;
}

/// Maps the caller's own uid and gid into the new user namespace ("ID ID 1"), as an unprivileged
/// process may; it keeps every capability inside that namespace until it execs.
static int map_own_ids(uid_t uid, gid_t gid) {
    char line[32];
    size_t n;
    if (write_proc_file("/proc/self/setgroups", "deny", 4) != 0 && errno != ENOENT) return -1;
    n = format_decimal(uid, line);
    line[n++] = ' ';
    n += format_decimal(uid, line + n);
    memcpy(line + n, " 1", 2);
    if (write_proc_file("/proc/self/uid_map", line, n + 2) != 0) return -1;
    n = format_decimal(gid, line);
    line[n++] = ' ';
    n += format_decimal(gid, line + n);
    memcpy(line + n, " 1", 2);
    return write_proc_file("/proc/self/gid_map", line, n + 2);
}

/// Default dispositions and an empty mask: the caller may ignore or block signals (SIGPIPE,
/// SIGCHLD) and both survive fork and exec.
static void reset_signals(void) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++) sigaction(sig, &sa, NULL);
}

/// The standard streams on 0, 1, 2, the report pipe on 3, every other inherited descriptor closed
/// (the caller may be running other sandboxes whose pipes must not be held open here).
static void arrange_descriptors(const csb_spec *s) {
    int src[4] = {s->stdin_fd, s->stdout_fd, s->stderr_fd, s->report_fd};
    int high[4];
    for (int i = 0; i < 4; i++) {
        high[i] = fcntl(src[i], F_DUPFD_CLOEXEC, 10);
        if (high[i] < 0) _exit(127);  // no report pipe to speak through yet
    }
    for (int i = 0; i < 4; i++) {
        if (dup2(high[i], i) < 0) _exit(127);
    }
    if (fcntl(REPORT_FD, F_SETFD, FD_CLOEXEC) != 0) fail(CSB_STEP_FDS, errno);
    if (syscall(SYS_close_range, REPORT_FD + 1, ~0U, 0) != 0) {
        struct rlimit rl;
        int top = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 65536 ? (int)rl.rlim_cur : 65536;
        for (int fd = REPORT_FD + 1; fd < top; fd++) close(fd);
    }
}

/// A read-only, nosuid view of every mount, then a fresh size-limited tmpfs at /tmp (also seen at
/// /var/tmp and /dev/shm) as the only writable place.
static void build_filesystem_view(const csb_spec *s) {
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) fail(CSB_STEP_MOUNT_PRIVATE, errno);
    struct csb_mount_attr ro = {CSB_MOUNT_ATTR_RDONLY | CSB_MOUNT_ATTR_NOSUID, 0, 0, 0};
    if (syscall(SYS_mount_setattr, AT_FDCWD, "/", CSB_AT_RECURSIVE, &ro, sizeof ro) != 0)
        fail(CSB_STEP_MOUNT_READONLY, errno);
    if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, s->tmpfs_options) != 0)
        fail(CSB_STEP_MOUNT_TMPFS, errno);
    const char *aliases[2] = {"/var/tmp", "/dev/shm"};
    for (int i = 0; i < 2; i++) {
        struct stat st;
        if (stat(aliases[i], &st) != 0 || !S_ISDIR(st.st_mode)) continue;
        if (mount("/tmp", aliases[i], NULL, MS_BIND, NULL) != 0) fail(CSB_STEP_MOUNT_BIND, errno);
    }
    if (chdir("/tmp") != 0) fail(CSB_STEP_WORKDIR, errno);
}

/// Writes the caller's files into the working directory, read-only.
static void write_files(const csb_spec *s) {
    for (size_t i = 0; i < s->file_count; i++) {
        const csb_file *f = &s->files[i];
        int fd = open(f->name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0444);
        if (fd < 0) fail(CSB_STEP_WRITE_FILES, errno);
        const char *p = f->data;
        size_t left = f->length;
        while (left > 0) {
            ssize_t n = write(fd, p, left);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) fail(CSB_STEP_WRITE_FILES, n < 0 ? errno : EIO);
            p += n;
            left -= (size_t)n;
        }
        close(fd);
    }
}

static int set_limit(int resource, uint64_t soft, uint64_t hard) {
    struct rlimit rl = {(rlim_t)soft, (rlim_t)hard};
    return setrlimit(resource, &rl);
}

/// The payload: limits, then (as root) an unprivileged identity, then exec. Never returns.
static void run_payload(const csb_spec *s, int is_root) {
    const csb_limits *l = &s->limits;
    if (set_limit(RLIMIT_CORE, 0, 0) != 0) fail(CSB_STEP_RLIMIT, errno);
    if (l->cpu_seconds && set_limit(RLIMIT_CPU, l->cpu_seconds, l->cpu_seconds + 1) != 0)
        fail(CSB_STEP_RLIMIT, errno);
    if (l->address_space_bytes && set_limit(RLIMIT_AS, l->address_space_bytes, l->address_space_bytes) != 0)
        fail(CSB_STEP_RLIMIT, errno);
    if (l->file_size_bytes && set_limit(RLIMIT_FSIZE, l->file_size_bytes, l->file_size_bytes) != 0)
        fail(CSB_STEP_RLIMIT, errno);
    if (l->max_processes && set_limit(RLIMIT_NPROC, l->max_processes, l->max_processes) != 0)
        fail(CSB_STEP_RLIMIT, errno);
    if (l->open_files && set_limit(RLIMIT_NOFILE, l->open_files, l->open_files) != 0)
        fail(CSB_STEP_RLIMIT, errno);
    // Root ignores RLIMIT_NPROC and may write anywhere: become a uid that owns nothing but the
    // working directory. setuid from root to non-root also clears every capability.
    if (is_root) {
        if (setgroups(0, NULL) != 0 || setgid(s->run_gid) != 0 || setuid(s->run_uid) != 0)
            fail(CSB_STEP_IDENTITY, errno);
    }
    // After the identity change (which clears it): die with the init.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    execve(s->executable, s->argv, s->envp);
    fail(CSB_STEP_EXEC, errno);
}

/// The init: forks the payload, reaps every child (orphans are re-parented here), reports the
/// payload's status and exits with it still running nothing: in a PID namespace the kernel then
/// SIGKILLs whatever the payload left behind. Never returns.
static void run_init(const csb_spec *s, int is_root) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    if (s->isolate) {
        // A /proc of this PID namespace only. Where the kernel refuses (a user namespace under a
        // partly masked /proc), an empty read-only tmpfs hides the host's processes instead.
        if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0 &&
            mount("tmpfs", "/proc", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, "size=4k,mode=0555") != 0)
            fail(CSB_STEP_MOUNT_PROC, errno);
    }
    pid_t payload = fork();
    if (payload < 0) fail(CSB_STEP_FORK, errno);
    if (payload == 0) run_payload(s, is_root);
    close(0);
    close(1);
    close(2);
    for (;;) {
        int status;
        struct rusage ru;
        pid_t p = wait4(-1, &status, 0, &ru);
        if (p < 0 && errno == EINTR) continue;
        if (p < 0) _exit(0);
        if (p != payload) continue;
        int64_t usec = (int64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000 +
                       ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
        csb_report r = {CSB_REPORT_EXIT, 0, status, 0, usec};
        ssize_t n = write(REPORT_FD, &r, sizeof r);
        (void)n;
        _exit(0);
    }
}

/// Without a PID namespace nothing kills what the payload leaves behind when it exits: the keeper,
/// a child subreaper, inherits those orphans (also ones that left the process group) and kills and
/// reaps them, listed in /proc/self/task/<pid>/children, until it has no child left.
static void sweep_descendants(void) {
    char path[48] = "/proc/self/task/";
    size_t n = strlen(path);
    n += format_decimal((uint32_t)getpid(), path + n);
    memcpy(path + n, "/children", 10);
    for (;;) {
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            char list[4096];
            ssize_t len = read(fd, list, sizeof list - 1);
            close(fd);
            pid_t pid = 0;
            for (ssize_t i = 0; i < len; i++) {
                if (list[i] >= '0' && list[i] <= '9') {
                    pid = pid * 10 + (list[i] - '0');
                } else if (pid > 0) {
                    kill(pid, SIGKILL);
                    pid = 0;
                }
            }
        }
        if (waitpid(-1, NULL, 0) < 0 && errno != EINTR) return;  // ECHILD: every descendant reaped
    }
}

/// The keeper: session, namespaces, file-system view, files; then the init. Never returns.
static void run_keeper(const csb_spec *s, pid_t caller) {
    reset_signals();
    arrange_descriptors(s);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != caller) _exit(127);
    if (setsid() < 0) fail(CSB_STEP_SETSID, errno);
    uid_t uid = geteuid();
    gid_t gid = getegid();
    int is_root = uid == 0;
    if (!s->isolate) prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    if (s->isolate) {
        int flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS;
        if (!is_root) flags |= CLONE_NEWUSER;
        if (unshare(flags) != 0) fail(CSB_STEP_UNSHARE, errno);
        if (!is_root && map_own_ids(uid, gid) != 0) fail(CSB_STEP_ID_MAP, errno);
        build_filesystem_view(s);
    } else if (chdir(s->host_workdir) != 0) {
        fail(CSB_STEP_WORKDIR, errno);
    }
    // The keeper and the init still hold a copy of the caller's memory, environment included: not
    // dumpable means the payload cannot read their /proc/PID/environ or /proc/PID/mem even when it
    // runs as the same uid (a user namespace started by an unprivileged caller). Only now: a
    // non-dumpable process's /proc/self files belong to root, so it could not write its id maps.
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    if (is_root && (chown(".", s->run_uid, s->run_gid) != 0 || chmod(".", 0700) != 0))
        fail(CSB_STEP_WORKDIR, errno);
    write_files(s);
    pid_t init = fork();
    if (init < 0) fail(CSB_STEP_FORK, errno);
    if (init == 0) run_init(s, is_root);
    close(0);
    close(1);
    close(2);
    int status;
    while (waitpid(init, &status, 0) < 0 && errno == EINTR) {
    }
    if (!s->isolate) sweep_descendants();
    _exit(0);
}

pid_t csb_spawn(const csb_spec *spec) {
    pid_t caller = getpid();
    pid_t pid = fork();
    if (pid == 0) run_keeper(spec, caller);
    return pid;
}

int csb_memory_file(const void *data, size_t length) {
    int fd = memfd_create("sandbox-stdin", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0) return -1;
    const char *p = data;
    size_t left = length;
    while (left > 0) {
        ssize_t n = write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            int err = n < 0 ? errno : EIO;
            close(fd);
            errno = err;
            return -1;
        }
        p += n;
        left -= (size_t)n;
    }
    if (fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL) != 0 ||
        lseek(fd, 0, SEEK_SET) != 0) {
        int err = errno;
        close(fd);
        errno = err;
        return -1;
    }
    return fd;
}

int csb_pipe(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

uint32_t csb_next_run_uid(void) {
    static uint32_t counter;
    uint32_t n = __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
    return (1u << 30) + (((uint32_t)getpid() & 0x3FFFFFu) << 8) + (n & 0xFFu);
}

#else  // Namespaces, rlimits on exec and memfd are Linux features: elsewhere the sandbox refuses.

pid_t csb_spawn(const csb_spec *spec) {
    (void)spec;
    errno = ENOSYS;
    return -1;
}

int csb_memory_file(const void *data, size_t length) {
    (void)data;
    (void)length;
    errno = ENOSYS;
    return -1;
}

int csb_pipe(int fds[2]) {
    (void)fds;
    errno = ENOSYS;
    return -1;
}

uint32_t csb_next_run_uid(void) { return 0; }

#endif

const char *csb_step_name(int step) {
    switch (step) {
    case CSB_STEP_FDS: return "arranging descriptors";
    case CSB_STEP_SETSID: return "setsid";
    case CSB_STEP_UNSHARE: return "unshare (mount, PID, network, IPC, UTS, user namespaces)";
    case CSB_STEP_ID_MAP: return "writing the user namespace's uid/gid map";
    case CSB_STEP_MOUNT_PRIVATE: return "making mounts private";
    case CSB_STEP_MOUNT_READONLY: return "mount_setattr (read-only file system view)";
    case CSB_STEP_MOUNT_TMPFS: return "mounting the tmpfs working directory";
    case CSB_STEP_MOUNT_BIND: return "bind-mounting /var/tmp and /dev/shm";
    case CSB_STEP_MOUNT_PROC: return "mounting /proc";
    case CSB_STEP_WORKDIR: return "preparing the working directory";
    case CSB_STEP_WRITE_FILES: return "writing the program files";
    case CSB_STEP_FORK: return "fork";
    case CSB_STEP_RLIMIT: return "setrlimit";
    case CSB_STEP_IDENTITY: return "dropping to an unprivileged uid";
    case CSB_STEP_EXEC: return "exec";
    default: return "unknown step";
    }
}
