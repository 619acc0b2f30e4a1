package dev.handoff.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@link Waiter} of a platform or virtual thread: parks with {@link LockSupport}. A {@code woken}
 * flag (set with release semantics before the unpark) separates a real wake-up from a spurious return
 * of {@code park}, a stale permit left by an earlier operation, or an interrupt. Waits are
 * uninterruptible as channel operations are in Go: an interrupt is remembered and re-asserted when the
 * wait ends, so the caller still sees it.
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
            // Off by default (-Dhandoff.chan.vthreadYields=N turns it on): yielding the carrier before
            // parking was meant to save a park + unpark when the waker is a virtual thread on the same
            // carrier, but with it two virtual threads ping-ponging over a channel lost a wake-up and
            // both hung in send (VirtualThreadChanTest; cause not yet understood).
            for (int i = 0; i < SPIN_YIELDS && (int) WOKEN.getAcquire(this) == 0; i++) Thread.yield();
        }
        boolean interrupted = false;
        while ((int) WOKEN.getAcquire(this) == 0) {
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
        WOKEN.setRelease(this, 1);
        LockSupport.unpark(thread);
    }

    @Override
    Object owner() {
        return thread;
    }
}
