package dev.handoff.runtime;

import dev.handoff.syscall.SysNum;
import dev.handoff.syscall.Syscall;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The runtime's internal mutex (Go's {@code runtime.mutex} with {@code lock}/{@code unlock}): guards a
 * channel, a semaphore queue or a timer heap for a few dozen instructions at a time.
 *
 * <p>Invariants: nobody parks, readies a goroutine or calls user code while holding it, so every critical
 * section is short and bounded. That is why contention is handled by spinning and then yielding the
 * thread rather than by a queue of sleeping threads.
 *
 * <p>Yielding means the OS thread (Go's osyield): a holder that waits is one the kernel descheduled
 * mid-section, and only giving up the CPU lets it finish. For a platform thread (an M included)
 * {@code Thread.yield()} is that. For a virtual thread it is not: it unmounts the virtual thread and the
 * carrier runs another one, so the carrier keeps the CPU from a descheduled holder. A virtual thread
 * therefore yields its carrier's CPU with the {@code sched_yield} system call ({@code rawSyscall}: no
 * runtime work), and falls back to {@code Thread.yield()} only after {@value #OS_YIELDS} OS yields, for
 * the one case a CPU yield cannot fix: a virtual-thread holder unmounted inside the section (blocked on
 * a monitor taken there, which JDK 25 unmounts), which needs a carrier back. That last case is not
 * solved: with two carriers both spinning, an unmounted holder that had been unblocked was still not
 * scheduled after 30 s in 2 of 3 full-suite runs (docs/benchmarks.md "Known problems"); nothing in the
 * runtime takes a monitor inside a section.
 *
 * <p>Rejected: {@link java.util.concurrent.locks.ReentrantLock} — it allocates an AQS node on every
 * contended acquire and parks the thread (which, inside a goroutine, is the M), and its reentrancy and
 * ownership bookkeeping cost on the uncontended path that channels hit on every operation. A
 * {@code synchronized} block would pin a goroutine's continuation. Go's lock2 spins, then sleeps on a
 * futex; the futex step is left out because no holder here can block while holding the lock.
 *
 * <p>Subclassed (rather than held in a field) so a channel is its own lock: one object, one cache line
 * on the hot path.
 */
abstract class RuntimeLock {
    private static final VarHandle STATE;
    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(RuntimeLock.class, "lockState", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    private static final int ACTIVE_SPIN = 64;
    /** OS yields a virtual thread makes before it yields its carrier to other virtual threads. */
    private static final int OS_YIELDS = 1000;

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int lockState;

    final void lock() {
        if (!STATE.compareAndSet(this, 0, 1)) lockSlow();
    }

    private void lockSlow() {
        for (int spins = 0; ; spins++) {
            if ((int) STATE.getOpaque(this) == 0 && STATE.compareAndSet(this, 0, 1)) return;
            if (spins < ACTIVE_SPIN) Thread.onSpinWait();
            else osyield(spins - ACTIVE_SPIN); // the holder was descheduled mid-section: let it finish
        }
    }

    /** Gives up the CPU; see the class comment for why a virtual thread does not call Thread.yield at first. */
    private static void osyield(int yields) {
        if (yields < OS_YIELDS && Proc.onVirtualThread()) {
            Syscall.rawSyscall(SysNum.SYS_SCHED_YIELD, 0, 0, 0);
        } else {
            Thread.yield();
        }
    }

    final void unlock() {
        STATE.setRelease(this, 0);
    }

    /** For assertions in tests. */
    final boolean isLocked() {
        return (int) STATE.getOpaque(this) != 0;
    }
}
