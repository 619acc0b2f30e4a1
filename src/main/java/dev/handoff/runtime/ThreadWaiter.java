package dev.handoff.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@link Waiter} of a platform or virtual thread: parks with {@link LockSupport}. A {@code woken}
 * flag, set before the unpark, separates a real wake-up from a spurious return of {@code park}, a stale
 * permit left by an earlier operation, or an interrupt. Waits are uninterruptible as channel operations
 * are in Go: an interrupt is remembered and re-asserted when the wait ends, so the caller still sees it.
 *
 * <h2>Why {@code woken} is written and read as a volatile (not release/acquire)</h2>
 * The waker does "store woken; unpark"; the waiter "read woken; park", where park consumes the permit.
 * That is a Dekker pair: it is safe only if the waker's store is ordered before its read of the permit.
 * A virtual thread's {@code unpark} does not always give that order: when the permit is already set
 * (a stale permit, left when an earlier wait saw {@code woken} without parking), it only reads it and
 * returns, with no atomic instruction. With a release store the flag could then still sit in the
 * waker's store buffer while the waiter consumed that stale permit, read {@code woken == 0} and parked
 * for good: the waker saw a permit, so it unparked nobody. A volatile store (a StoreLoad fence on x86)
 * closes it. Found 2026-11-27 from the stuck state (the waiter PARKED with no permit and
 * {@code woken == 1}; the last waker had read the permit as already set): four virtual threads on one
 * {@code Mutex} hung in 1-10 % of one-second runs, and two virtual threads ping-ponging over a
 * channel with {@code -Dhandoff.chan.vthreadYields=2} (yields before park leave stale permits) hung in
 * 7 of 8 runs before and 0 of 8 after ({@code bench/extra/MutexVirtualHang.java}, docs/benchmarks.md
 * "Known problems"). Platform threads never showed it: HotSpot's native unpark takes a mutex.
 */
final class ThreadWaiter extends Waiter {
    private static final VarHandle WOKEN;
    static {
        try {
            WOKEN = MethodHandles.lookup().findVarHandle(ThreadWaiter.class, "woken", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    private static final ThreadLocal<ThreadWaiter> CURRENT = ThreadLocal.withInitial(ThreadWaiter::new);

    private static final int SPIN_YIELDS = Integer.getInteger("handoff.chan.vthreadYields", 0);
    private final Thread thread = Thread.currentThread();
    /** What the thread waits for (LockSupport's blocker says on what). */
    WaitReason waitReason;
    @SuppressWarnings("unused") // accessed through WOKEN
    private volatile int woken;

    static ThreadWaiter current() {
        return CURRENT.get();
    }

    @Override
    void prepareToPark() {
        WOKEN.setOpaque(this, 0); // published to the waker by the queue lock's release
    }

    @Override
    void park(Runnable unlockf, Object blocker, WaitReason reason) {
        waitReason = reason;
        unlockf.run();
        if (thread.isVirtual()) {
            // Off by default (-Dhandoff.chan.vthreadYields=N yields the carrier up to N times before
            // parking, hoping a virtual-thread waker on the same carrier readies us meanwhile). Two
            // virtual threads over a Chan: standalone 474-569 ns per round trip with 2, 833-1146 without;
            // JMH pingpong.Loom.handoffChan bimodal either way (with 2: 570 or 2192 ns; without: 826 or
            // 1129 ± 2487), so it stays off until that is understood. Safe since the fix of the
            // release-store race in the class comment, which its stale permits used to trigger.
            for (int i = 0; i < SPIN_YIELDS && (int) WOKEN.getVolatile(this) == 0; i++) Thread.yield();
        }
        boolean interrupted = false;
        while ((int) WOKEN.getVolatile(this) == 0) {
            LockSupport.park(blocker);
            if (Thread.interrupted()) interrupted = true; // else park would return at once forever
        }
        waitReason = null;
        if (interrupted) thread.interrupt();
    }

    @Override
    void parkForever(Object blocker, WaitReason reason) {
        waitReason = reason;
        for (;;) {
            LockSupport.park(blocker);
            if (Thread.currentThread().isInterrupted()) {
                // The only way out for a thread (a goroutine has none: the deadlock detector reports it).
                waitReason = null;
                throw new IllegalStateException("interrupted while blocked forever: " + reason.label());
            }
        }
    }

    @Override
    void ready() {
        WOKEN.setVolatile(this, 1); // volatile, not release: see the class comment
        LockSupport.unpark(thread);
    }

    @Override
    Object owner() {
        return thread;
    }
}
