package dev.handoff.unix;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Assumptions;

import dev.handoff.syscall.Errno;
import dev.handoff.syscall.SyscallException;

/**
 * Small helpers for the per-family tests.
 */
final class K {
    private K() {}

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
