package dev.handoff.runtime;

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

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int lockState;

    final void lock() {
        if (!STATE.compareAndSet(this, 0, 1)) lockSlow();
    }

    private void lockSlow() {
        for (int spins = 0; ; spins++) {
            if ((int) STATE.getOpaque(this) == 0 && STATE.compareAndSet(this, 0, 1)) return;
            if (spins < ACTIVE_SPIN) Thread.onSpinWait();
            else Thread.yield(); // the holder was descheduled mid-section: let it finish
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
