package dev.handoff.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import dev.handoff.syscall.Errno;
import dev.handoff.syscall.Syscall;
import dev.handoff.syscall.SysNum;

/** Real system calls and deadline waits for the runtime tests. */
final class Sys {
    private Sys() {}

    /**
     * nanosleep(2) through Syscall.syscall (handoff) or rawSyscall (no handoff). The timespec lives
     * in a shared arena: a goroutine may come back from the call on another thread, and a confined
     * arena belongs to the thread that made it.
     */
    static void nanosleep(long nanos, boolean raw) {
        // struct timespec { time_t tv_sec; long tv_nsec; };
        try (Arena a = Arena.ofShared()) {
            MemorySegment ts = a.allocate(16, 8);
            ts.set(ValueLayout.JAVA_LONG, 0, nanos / 1_000_000_000L);
            ts.set(ValueLayout.JAVA_LONG, 8, nanos % 1_000_000_000L);
            long r = raw ? Syscall.rawSyscall(SysNum.SYS_NANOSLEEP, ts.address(), 0, 0)
                         : Syscall.syscall(SysNum.SYS_NANOSLEEP, ts.address(), 0, 0);
            Errno.check(r, "nanosleep");
        }
    }

    static long getpid() {
        return Syscall.syscall(SysNum.SYS_GETPID, 0, 0, 0);
    }

    /** Polls {@code cond} until true or the deadline passes (then fails with {@code what}). Goroutines yield between polls. */
    static void await(String what, Duration timeout, BooleanSupplier cond) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            if (Sched.isGoroutine()) Go.gosched(); else java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
    }
}
