package dev.handoff.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * A min-heap of {@link RuntimeTimer}s ordered by {@code when} (Go's per-P timer heap, {@code p.timers}),
 * guarded by its own {@link RuntimeLock}.
 *
 * <p>Go's design puts one heap on each P, run by the P's owner in findRunnable and checked by sysmon,
 * so there is no thread per timer and no central timer thread. The runtime exposes that hook as
 * {@link TimerSource} (run(now) / next() / moveTo(P)); each P that has had a timer owns one of these.
 *
 * <p>Which heap: a timer armed by a goroutine goes into its P's heap ({@link #of(P)}, installed as
 * {@code P.timers}), which the scheduler runs in findRunnable, bounds idle Ms' sleep with, and which
 * deadlock detection consults. A timer armed by a plain thread goes into {@link #SHARED}, driven by
 * one daemon thread, {@link TimerDriver}, that only sleeps until the earliest deadline (parkNanos) and
 * is unparked when an earlier timer arrives: no polling, no thread per timer. A timer stays in the
 * heap it was armed in until procresize moves it ({@link #moveTo}).
 *
 * <p>Invariants (under the lock): {@code heap[0..n)} is a binary min-heap on {@code when};
 * {@code heap[t.index] == t} for every timer in it and {@code t.index == -1} for every timer not in it;
 * {@link #earliest} equals {@code heap[0].when} (or MAX_VALUE) whenever the lock is free.
 *
 * <p>Timer functions run with the lock released (as in Go) but with the timer marked
 * {@code firing} (Go's timerRunning): stop and reset wait until it is clear. So {@link
 * RuntimeTimer#stop()} is exact: a timer is either still in the heap (stop removes it, returns true,
 * nothing was or will be sent) or it has fired completely, and the drain that follows removes what it
 * sent — Go 1.23's "no stale value after Stop or Reset".
 *
 * <p>Rejected: running timer functions under the heap lock (the first version). A function readies a
 * goroutine or starts one, which may take the scheduler lock, while procresize holds the scheduler
 * lock and takes heap locks to move a dead P's timers ({@link #moveTo}): a lock-order inversion.
 * Now nothing is called out while a heap lock is held.
 */
final class TimerHeap extends RuntimeLock implements TimerSource {
    private static final VarHandle EARLIEST;
    static {
        try {
            EARLIEST = MethodHandles.lookup().findVarHandle(TimerHeap.class, "earliest", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Timers armed outside goroutines; run by {@link TimerDriver}. */
    static final TimerHeap SHARED = new TimerHeap();

    private RuntimeTimer[] heap = new RuntimeTimer[16];
    private int n;
    @SuppressWarnings("unused") private volatile long earliest = Long.MAX_VALUE;
    /** Releases the lock after a sleeper has parked. */
    final Runnable unlockf = this::unlock;
    /** Called (lock held) when a new timer became the earliest: wake whoever sleeps on this heap. */
    Runnable onEarlier = () -> {};

    /** The heap of {@code pp}, created on first use; called by the P's owner. */
    static TimerHeap of(P pp) {
        if (pp.timers instanceof TimerHeap h) return h;
        TimerHeap h = new TimerHeap();
        pp.timers = h;
        return h;
    }

    /** Timer functions of this heap running right now (written under the lock, read racily). */
    private volatile int firing;

    /**
     * Any thread: true while a timer is pending here or one of its functions runs. Deadlock detection
     * reads this before the goroutines' states: a timer is counted as firing before it leaves the
     * heap, and stops counting only after its function (which readies its goroutine) returned, so a
     * waiter a timer is about to wake is never mistaken for a deadlock.
     */
    boolean busy() {
        return (long) EARLIEST.getAcquire(this) != Long.MAX_VALUE || firing != 0;
    }

    /** Racy, any thread: the earliest pending deadline (System.nanoTime) or Long.MAX_VALUE. */
    @Override
    public long next() {
        return (long) EARLIEST.getOpaque(this);
    }

    // ---- all below with the lock held ----

    void addLocked(RuntimeTimer t) {
        if (t.index >= 0) throw new IllegalStateException("timer already in a heap");
        if (n == heap.length) heap = Arrays.copyOf(heap, n * 2);
        t.heap = this;
        t.index = n;
        heap[n++] = t;
        siftUp(t.index);
        if (heap[0] == t) {
            EARLIEST.setRelease(this, t.when);
            onEarlier.run();
        }
    }

    /** Removes {@code t} if it is in this heap; returns whether it was. */
    boolean deleteLocked(RuntimeTimer t) {
        int i = t.index;
        if (i < 0) return false;
        int last = --n;
        if (i != last) {
            heap[i] = heap[last];
            heap[i].index = i;
            heap[last] = null;
            siftDown(i);
            siftUp(i);
        } else {
            heap[last] = null;
        }
        t.index = -1;
        EARLIEST.setRelease(this, n == 0 ? Long.MAX_VALUE : heap[0].when);
        return true;
    }

    /**
     * Lock held on entry and on return, released around each timer function: fires every timer due at
     * {@code now}; returns the next deadline, or MAX_VALUE.
     */
    long runLocked(long now) {
        while (n > 0 && heap[0].when - now <= 0) {
            RuntimeTimer t = heap[0];
            firing++; // before the timer leaves the heap: see busy()
            deleteLocked(t);
            if (t.period > 0) { // a ticker: next tick, skipping ticks missed by a late run (Go's rule)
                long late = now - t.when;
                t.when += t.period * (1 + late / t.period);
                addLocked(t);
            }
            t.firing = true;
            unlock();
            try {
                t.f.fire(t, now);
            } finally {
                lock();
                t.firing = false;
                firing--;
            }
        }
        long next = n == 0 ? Long.MAX_VALUE : heap[0].when;
        EARLIEST.setRelease(this, next);
        return next;
    }

    /**
     * Called by the P's owner from findRunnable: fires what is due here and, like Go's stealWork
     * (checkTimers on other Ps), what is due in every other P's heap. Without the second part a due
     * timer on an idle P waits until an M happens to take that very P: an idle M that wakes for the
     * earliest deadline takes whichever P is idle, so sleeps were 10-20 ms late at p99. Running
     * another P's heap is safe: timers run under their heap's lock, and what they ready goes to the
     * running M's P. Returns the earliest deadline seen.
     */
    @Override
    public long run(long now) {
        long next = runOwn(now);
        M mp = Proc.currentM(); // scheduler context (no continuation frame): the thread is the M
        if (mp == null) return next;
        for (P p2 : mp.sched.allp) {
            if (p2 == null || !(p2.timers instanceof TimerHeap h) || h == this) continue;
            long w = h.next();
            if (w - now <= 0) w = h.runOwn(now);
            next = Math.min(next, w);
        }
        return next;
    }

    /** Fires what is due in this heap only (locking); the driver thread's call. */
    long runOwn(long now) {
        lock();
        try {
            return runLocked(now);
        } finally {
            unlock();
        }
    }

    /**
     * procresize, with the P stopped: every pending timer moves to {@code to}'s heap. Both locks are
     * held for the move, so a concurrent stop/reset (which locks the heap it finds in the timer and
     * re-checks it) never sees a timer that is in neither heap.
     */
    @Override
    public void moveTo(P to) {
        TimerHeap dst = of(to);
        if (dst == this) return;
        lock();
        dst.lock();
        try {
            while (n > 0) {
                RuntimeTimer t = heap[0];
                deleteLocked(t);
                dst.addLocked(t);
            }
        } finally {
            dst.unlock();
            unlock();
        }
    }

    int size() {
        return n;
    }

    private void siftUp(int i) {
        RuntimeTimer t = heap[i];
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (heap[p].when - t.when <= 0) break;
            heap[i] = heap[p];
            heap[i].index = i;
            i = p;
        }
        heap[i] = t;
        t.index = i;
    }

    private void siftDown(int i) {
        RuntimeTimer t = heap[i];
        for (;;) {
            int c = 2 * i + 1;
            if (c >= n) break;
            if (c + 1 < n && heap[c + 1].when - heap[c].when < 0) c++;
            if (t.when - heap[c].when <= 0) break;
            heap[i] = heap[c];
            heap[i].index = i;
            i = c;
        }
        heap[i] = t;
        t.index = i;
    }
}
