package dev.handoff.unix;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Assumptions;

import dev.handoff.syscall.Errno;
import dev.handoff.syscall.SyscallException;

/**
 * Linux/amd64 constants the per-family tests use (values from the uapi headers), until the generated
 * ZConstants class lands on this branch; and two small helpers.
 */
final class K {
    private K() {}

    static final int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0100, O_EXCL = 0200, O_TRUNC = 01000,
            O_APPEND = 02000, O_NONBLOCK = 04000, O_DIRECTORY = 0200000, O_CLOEXEC = 02000000;
    static final int AT_FDCWD = -100, AT_REMOVEDIR = 0x200, AT_SYMLINK_NOFOLLOW = 0x100;
    static final int SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2;
    static final int STATX_BASIC_STATS = 0x7ff;
    static final int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1, MAP_PRIVATE = 2, MAP_ANONYMOUS = 0x20;
    static final int MADV_DONTNEED = 4, MREMAP_MAYMOVE = 1, MS_SYNC = 4, MFD_CLOEXEC = 1;
    static final int CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, TIMER_ABSTIME = 1, TFD_CLOEXEC = 02000000;
    static final int EFD_CLOEXEC = 02000000, EFD_NONBLOCK = 04000;
    static final int EPOLL_CLOEXEC = 02000000, EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLLIN = 1, EPOLLOUT = 4;
    static final int POLLIN = 1, POLLOUT = 4;
    static final int IN_CREATE = 0x100, IN_CLOEXEC = 02000000;
    static final int AF_UNIX = 1, AF_INET = 2, SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_CLOEXEC = 02000000;
    static final int SOL_SOCKET = 1, SO_REUSEADDR = 2, SO_TYPE = 3, SHUT_WR = 1;
    static final int SIGKILL = 9, SIGTERM = 15, SIGUSR1 = 10, SIG_BLOCK = 0, SIG_SETMASK = 2, SFD_CLOEXEC = 02000000;
    static final int P_PIDFD = 3, WEXITED = 4, CLD_EXITED = 1, CLD_KILLED = 2;
    static final int PR_GET_DUMPABLE = 3, PR_SET_CHILD_SUBREAPER = 36, PR_GET_CHILD_SUBREAPER = 37;
    static final int RLIMIT_NOFILE = 7, RUSAGE_SELF = 0, PRIO_PROCESS = 0;
    static final int LOCK_SH = 1, LOCK_EX = 2, LOCK_NB = 4, LOCK_UN = 8;
    static final int F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, FD_CLOEXEC = 1;
    static final int IPC_PRIVATE = 0, IPC_CREAT = 01000, IPC_RMID = 0, IPC_NOWAIT = 04000;
    static final int CLONE_NEWUTS = 0x04000000;
    static final int RESOLVE_BENEATH = 0x08;
    static final int XATTR_CREATE = 1, RENAME_NOREPLACE = 1;
    static final int LANDLOCK_CREATE_RULESET_VERSION = 1;
    static final int MNT_DETACH = 2;
    static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;
    static final int CAP_SYS_ADMIN = 21;

    static boolean root() { return Unix.geteuid() == 0; }

    /** Skips the test (with the reason) when the call fails with one of these errnos: not available here. */
    static void skipIf(SyscallException e, String why, Errno... errnos) {
        for (Errno x : errnos) Assumptions.assumeFalse(e.is(x), why + ": " + e.getMessage());
        throw e;
    }

    /** Waits for a condition with a deadline (polls; no fixed sleeps). */
    static void await(BooleanSupplier condition, Duration deadline, String what) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
