package dev.handoff.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A counting semaphore for building sleeping locks (Go's sema.go, {@code semacquire1}/
 * {@code semrelease1}, which {@code sync} reaches through {@code sync_runtime_Semacquire*}). Runtime
 * support for {@code dev.handoff.sync}; not meant to be used directly.
 *
 * <p>Go keys its semaphore queues by address in a global treap; here each Sema owns its queue, since a
 * Java object can. The count is an atomic; the queue and {@code nwait} are guarded by the Sema's own
 * {@link RuntimeLock}.
 *
 * <p>Invariants: {@code nwait} counts queued parties plus those about to queue, so a releaser that sees
 * {@code nwait == 0} (after its increment of the count) may skip the lock: any party that has not yet
 * looked at the count will see the increment ({@code cansemacquire}) before it parks.
 *
 * <p>{@code handoff}: the releaser takes the unit it just added back on behalf of the first waiter
 * ({@code ticket = 1}) so nobody can barge in between the wake-up and the waiter running — the
 * mechanism behind Mutex's starvation mode. Go also yields the releaser's P to the woken goroutine
 * ({@code goyield}: the releaser to the tail of its local run queue). Not done here: the runtime
 * exposes only gosched, which sends the releaser to the global queue — a worse trade. The woken
 * goroutine sits in the releaser's runnext and runs at the releaser's next park.
 */
public final class Sema extends RuntimeLock {
    private static final VarHandle COUNT, NWAIT;
    static {
        try {
            var l = MethodHandles.lookup();
            COUNT = l.findVarHandle(Sema.class, "count", int.class);
            NWAIT = l.findVarHandle(Sema.class, "nwait", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") private volatile int count;
    @SuppressWarnings("unused") private volatile int nwait;
    private final WaitQ q = new WaitQ();
    private final Runnable unlockf = this::unlock;

    public Sema(int initial) {
        if (initial < 0) throw new IllegalArgumentException("negative semaphore count: " + initial);
        count = initial;
    }

    /** Takes a unit if one is there, without waiting. */
    public boolean tryAcquire() {
        for (;;) {
            int v = (int) COUNT.getVolatile(this);
            if (v == 0) return false;
            if (COUNT.compareAndSet(this, v, v - 1)) return true;
        }
    }

    /**
     * Waits for a unit (Go's semacquire1). {@code lifo}: queue at the head — a party that already
     * waited and lost the race goes back to the front (Mutex).
     */
    public void acquire(boolean lifo, WaitReason reason) {
        if (tryAcquire()) return;
        Waiter me = Waiter.current();
        Sudog s = me.acquireSudog();
        try {
            for (;;) {
                lock();
                NWAIT.getAndAdd(this, 1);
                if (tryAcquire()) {
                    NWAIT.getAndAdd(this, -1);
                    unlock();
                    return;
                }
                s.ticket = 0;
                me.prepareToPark();
                if (lifo) q.enqueueFirst(s);
                else q.enqueue(s);
                me.park(unlockf, this, reason);
                if (s.ticket != 0 || tryAcquire()) return;
            }
        } finally {
            me.releaseSudog(s);
        }
    }

    /** Adds a unit and wakes the first waiter, if any (Go's semrelease1). */
    public void release(boolean handoff) {
        COUNT.getAndAdd(this, 1);
        if ((int) NWAIT.getVolatile(this) == 0) return;
        lock();
        if ((int) NWAIT.getVolatile(this) == 0) {
            unlock();
            return;
        }
        Sudog s = q.dequeue();
        if (s != null) NWAIT.getAndAdd(this, -1);
        unlock();
        if (s == null) return;
        if (handoff && tryAcquire()) s.ticket = 1; // the unit goes straight to the waiter
        s.waiter.ready();
    }

    /** Go's sync_runtime_canSpin, for Mutex: whether spinning {@code iter} more times may pay. */
    public static boolean canSpin(int iter) {
        return GoroutineWaiters.canSpin(iter);
    }

    /** For tests: parties queued. */
    public int waiting() {
        lock();
        int n = 0;
        for (Sudog s = q.first; s != null; s = s.next) n++;
        unlock();
        return n;
    }
}
