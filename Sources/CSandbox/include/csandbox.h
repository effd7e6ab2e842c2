// The process-level part of FuseScoring's sandbox: what Swift cannot do safely in a forked child of
// a multithreaded process (namespaces, mounts, rlimits, identity, exec). Everything between fork and
// exec uses async-signal-safe system calls only; all memory it reads is prepared by the caller.
#ifndef CSANDBOX_H
#define CSANDBOX_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/// Resource limits set on the payload just before exec (soft = hard, except CPU: hard = soft + 1 so
/// SIGXCPU comes first). Core dumps are always disabled.
typedef struct {
    uint64_t cpu_seconds;
    uint64_t address_space_bytes;
    uint64_t file_size_bytes;
    uint64_t max_processes;
    uint64_t open_files;
} csb_limits;

/// A file written into the payload's working directory before it starts (read-only to it).
typedef struct {
    const char *name;   // plain file name, no '/'
    const void *data;
    size_t length;
} csb_file;

/// What to run and how.
typedef struct {
    const char *executable;          // absolute path
    char *const *argv;               // NULL-terminated
    char *const *envp;               // NULL-terminated
    const csb_file *files;
    size_t file_count;
    csb_limits limits;
    /// 1: new mount, PID, network, IPC and UTS namespaces (plus a user namespace when not root), a
    /// read-only view of the file system and a size-limited tmpfs at /tmp as the working directory.
    /// 0: none of that; `host_workdir` is the working directory.
    int isolate;
    const char *tmpfs_options;       // isolate: mount options of the /tmp tmpfs ("size=...,mode=0700")
    const char *host_workdir;        // !isolate: existing private directory
    /// When the caller is root: the unprivileged identity the payload runs as (unique per run, so
    /// RLIMIT_NPROC counts only this run's processes). Ignored otherwise.
    uid_t run_uid;
    gid_t run_gid;
    int stdin_fd, stdout_fd, stderr_fd;  // the payload's standard streams (duplicated to 0, 1, 2)
    int report_fd;                       // write end of the report pipe (O_CLOEXEC)
} csb_spec;

/// Records written to the report pipe, each in one atomic write.
enum csb_report_kind {
    CSB_REPORT_EXIT = 1,     // value: the payload's wait status; cpu_usec: its user + system time
    CSB_REPORT_FAILURE = 2,  // step: a csb_step; value: errno
};

/// Set-up steps, named in failure reports.
enum csb_step {
    CSB_STEP_FDS = 1,
    CSB_STEP_SETSID,
    CSB_STEP_UNSHARE,
    CSB_STEP_ID_MAP,
    CSB_STEP_MOUNT_PRIVATE,
    CSB_STEP_MOUNT_READONLY,
    CSB_STEP_MOUNT_TMPFS,
    CSB_STEP_MOUNT_BIND,
    CSB_STEP_MOUNT_PROC,
    CSB_STEP_WORKDIR,
    CSB_STEP_WRITE_FILES,
    CSB_STEP_FORK,
    CSB_STEP_RLIMIT,
    CSB_STEP_IDENTITY,
    CSB_STEP_EXEC,
};

typedef struct {
    int32_t kind;
    int32_t step;
    int32_t value;
    int32_t reserved;
    int64_t cpu_usec;
} csb_report;

/// Forks the keeper process (a new session whose process-group id is its pid), which sets up the
/// isolation, forks the init of the new PID namespace, which forks and execs the payload. Returns
/// the keeper's pid, or -1 with errno set when fork fails. Kill the whole run with
/// kill(-pid, SIGKILL): the keeper and the init are in that group, and the init's death kills every
/// process of its PID namespace.
pid_t csb_spawn(const csb_spec *spec);

/// A sealed in-memory file holding `data`, positioned at its start, for use as standard input.
/// Returns the descriptor (O_CLOEXEC) or -1 with errno set.
int csb_memory_file(const void *data, size_t length);

/// pipe2(fds, O_CLOEXEC): a pipe whose ends no concurrently forked child can inherit.
int csb_pipe(int fds[2]);

/// A fresh unprivileged uid for one run: 2^30 + (pid << 8) + a per-process counter modulo 256.
uint32_t csb_next_run_uid(void);

/// A short name for a csb_step.
const char *csb_step_name(int step);

#endif
