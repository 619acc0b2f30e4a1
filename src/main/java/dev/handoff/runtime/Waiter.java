package dev.handoff.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A party that can wait on a runtime queue: a goroutine, or a Java thread (platform or virtual). It
 * holds the per-party state Go keeps in the {@code g} for blocking: {@code param} (which Sudog woke
 * it), {@code selectDone} (has some channel already won this party's select) and the Sudog cache
 * ({@code acquireSudog}/{@code releaseSudog}).
 *
 * <h2>The parking protocol (every blocking primitive follows it)</h2>
 * <ol>
 *   <li>With the queue's {@link RuntimeLock} held: {@link #prepareToPark()}, enqueue a Sudog.</li>
 *   <li>{@link #park(Runnable, Object, String)} with an {@code unlockf} that releases that lock. The
 *       lock is released only once the party can no longer miss a wake-up: a goroutine after its
 *       continuation has yielded (Go's gopark(unlockf)); a thread at once, because its wake flag plus
 *       {@code LockSupport}'s permit remember an early {@link #ready()}.</li>
 *   <li>A waker dequeues the Sudog under the same lock, fills it in, releases the lock, then calls
 *       {@link #ready()} exactly once. After {@code park} returns the Sudog's fields are the party's.</li>
 * </ol>
 *
 * <p>Two kinds, behind this one abstract class so channels, select, sync and timers never ask which:
 * {@link ThreadWaiter} (LockSupport.park/unpark; one per thread, found through a ThreadLocal) and
 * {@link GWaiter} (gopark/goready; one per G, in {@link G#waiter}), chosen by
 * {@link GoroutineWaiters}. A goroutine must never use the ThreadLocal one: that belongs to its M,
 * which other goroutines share.
 */
abstract class Waiter {
    private static final VarHandle SELECT_DONE;
    static {
        try {
            SELECT_DONE = MethodHandles.lookup().findVarHandle(Waiter.class, "selectDone", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The Sudog that won (select); written by the waker under the queue lock before {@link #ready()}. */
    Sudog param;

    /** The party's reusable sleep timer (Go's gp.timer), created on first sleep. */
    RuntimeTimer sleepTimer;

    @SuppressWarnings("unused") // accessed through SELECT_DONE
    private volatile int selectDone;

    /**
     * The Sudog cache (Go's acquireSudog/releaseSudog). Unbounded on purpose: it only ever holds the
     * Sudogs this party had out at once, i.e. as many as the cases of its largest select.
     */
    private Sudog free;
    // Kept small on purpose: one of these lives as long as its G (1M parked goroutines = 1M
    // Waiters). A thread's wait reason lives in ThreadWaiter; a goroutine's in its G.

    /** The waiter of the caller: its goroutine's if it is one, else its thread's. */
    static Waiter current() {
        Waiter w = GoroutineWaiters.current();
        return w != null ? w : ThreadWaiter.current();
    }

    final Sudog acquireSudog() {
        Sudog s = free;
        if (s == null) return new Sudog(this);
        free = s.waitlink;
        s.waitlink = null;
        return s;
    }

    final void releaseSudog(Sudog s) {
        s.elem = null;
        s.isSelect = false;
        s.success = false;
        s.next = s.prev = null;
        s.ticket = 0;
        s.waitlink = free;
        free = s;
    }

    /** A waker claims this party's select; exactly one claim succeeds per select. */
    final boolean casSelectDone() {
        return SELECT_DONE.compareAndSet(this, 0, 1);
    }

    final void resetSelectDone() {
        SELECT_DONE.setVolatile(this, 0);
    }

    /** Step 1 of the protocol: forget any earlier wake-up; called with the queue lock held. */
    abstract void prepareToPark();

    /** Step 2: runs {@code unlockf} and waits until {@link #ready()}. Uninterruptible, as in Go. */
    abstract void park(Runnable unlockf, Object blocker, WaitReason reason);

    /** Parks and is never readied (a nil channel, an empty select): Go's gopark(nil, nil, reason). */
    abstract void parkForever(Object blocker, WaitReason reason);

    /** Step 3: makes the parked party runnable again. Called once per park, never with a queue lock. */
    abstract void ready();

    /** The owner, for messages: a Thread or a goroutine. */
    abstract Object owner();
}
