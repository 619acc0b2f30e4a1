package dev.handoff.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A count-down latch for goroutines, built only on the issue-5 contract (getg, gopark with an
 * unlockf that releases the lock after the yield, goready): tests use it to join goroutines.
 */
final class Latch {
    private final ReentrantLock lock = new ReentrantLock();
    private final List<G> waiters = new ArrayList<>();
    private int count;

    Latch(int count) { this.count = count; }

    void countDown() {
        List<G> wake = null;
        lock.lock();
        try {
            if (count > 0 && --count == 0) {
                wake = new ArrayList<>(waiters);
                waiters.clear();
            }
        } finally {
            lock.unlock();
        }
        if (wake != null) for (G gp : wake) Sched.goready(gp);
    }

    /** Parks the calling goroutine until the count reaches zero. */
    void await() {
        G me = Sched.getg();
        if (me == null) throw new IllegalStateException("Latch.await outside a goroutine");
        lock.lock();
        if (count == 0) {
            lock.unlock();
            return;
        }
        waiters.add(me);
        Sched.gopark(lock::unlock, WaitReason.SYNC_WAITGROUP_WAIT);
    }

    int count() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }
}
