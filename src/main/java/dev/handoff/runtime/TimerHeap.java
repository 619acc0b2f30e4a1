package dev.handoff.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * A min-heap of {@link RuntimeTimer}s ordered by {@code when} (Go's per-P timer heap, {@code p.timers}),
 * guarded by its own {@link RuntimeLock}.
 *
 * <p>Go's design puts one heap on each P, run by the P's owner in findRunnable and checked by sysmon,
 * so there is no thread per timer and no central timer thread. The runtime branch exposes that hook as
 * {@code TimerSource} (run(now) / next() / moveTo(P)); this class has exactly that shape so each P can
 * own one.
 *
 * <p>NOT WIRED YET: until the runtime is merged there are no Ps, so one shared heap
 * ({@link #SHARED}) is driven by a single stand-in daemon thread, {@link TimerDriver}. That thread only
 * ever sleeps until the earliest deadline (parkNanos) and is unparked when an earlier timer arrives: no
 * polling, no thread per timer.
 *
 * <p>Invariants (under the lock): {@code heap[0..n)} is a binary min-heap on {@code when};
 * {@code heap[t.index] == t} for every timer in it and {@code t.index == -1} for every timer not in it;
 * {@link #earliest} equals {@code heap[0].when} (or MAX_VALUE) whenever the lock is free.
 *
 * <p>Timer functions run with the lock held. That is what makes {@link RuntimeTimer#stop()} exact:
 * a timer is either still in the heap (stop removes it, returns true, nothing was or will be sent) or
 * it has fired completely. Rejected: running them unlocked, as Go does, because then Stop/Reset could
 * not promise Go 1.23's "no stale value after Stop or Reset" without Go 1.23's much larger machinery.
 */
final class TimerHeap extends RuntimeLock {
    private static final VarHandle EARLIEST;
    static {
        try {
            EARLIEST = MethodHandles.lookup().findVarHandle(TimerHeap.class, "earliest", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The stand-in for per-P heaps until the runtime branch is merged. */
    static final TimerHeap SHARED = new TimerHeap();

    private RuntimeTimer[] heap = new RuntimeTimer[16];
    private int n;
    @SuppressWarnings("unused") private volatile long earliest = Long.MAX_VALUE;
    /** Releases the lock after a sleeper has parked. */
    final Runnable unlockf = this::unlock;
    /** Called (lock held) when a new timer became the earliest: wake whoever sleeps on this heap. */
    Runnable onEarlier = () -> {};

    /** Racy, any thread: the earliest pending deadline (System.nanoTime) or Long.MAX_VALUE. */
    long next() {
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

    /** Fires every timer due at {@code now}; returns the next deadline, or MAX_VALUE. */
    long runLocked(long now) {
        while (n > 0 && heap[0].when - now <= 0) {
            RuntimeTimer t = heap[0];
            deleteLocked(t);
            if (t.period > 0) { // a ticker: next tick, skipping ticks missed by a late run (Go's rule)
                long late = now - t.when;
                t.when += t.period * (1 + late / t.period);
                addLocked(t);
            }
            t.f.fire(t, now);
        }
        long next = n == 0 ? Long.MAX_VALUE : heap[0].when;
        EARLIEST.setRelease(this, next);
        return next;
    }

    /** Fires what is due (locking); the TimerSource shape. */
    long run(long now) {
        lock();
        try {
            return runLocked(now);
        } finally {
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
