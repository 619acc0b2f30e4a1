package dev.handoff.unix;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Assumptions;

import dev.handoff.syscall.Errno;
import dev.handoff.syscall.SyscallException;

/**
 * The few constants the per-family tests need that ZConstants does not have, and two small helpers.
 */
final class K {
    private K() {}

    // Not (yet) in ZConstants: sys/resource.h, sys/ipc.h, linux/landlock.h, linux/capability.h.
    static final int PRIO_PROCESS = 0;
    static final int IPC_PRIVATE = 0, IPC_CREAT = 01000, IPC_RMID = 0, IPC_NOWAIT = 04000;
    static final int LANDLOCK_CREATE_RULESET_VERSION = 1;
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
