package dev.handoff.sync;

import dev.handoff.runtime.NotifyList;
import dev.handoff.runtime.WaitReason;
import java.util.Objects;

/**
 * Go's {@code sync.Cond}: a rendezvous for parties waiting for a condition guarded by {@link #l}.
 * {@link #await} must be called with {@code l} held; it takes a ticket before releasing {@code l}, so
 * a {@link #signal} between the release and the park is not lost ({@link NotifyList}). As in Go, wake
 * ups are not spurious but the condition may have changed again: wait in a loop.
 */
public final class Cond {
    public final Locker l;
    private final NotifyList notify = new NotifyList();

    public Cond(Locker l) {
        this.l = Objects.requireNonNull(l, "Cond needs a Locker");
    }

    /** Go's Wait: atomically releases {@code l} and waits; reacquires {@code l} before returning. */
    public void await() {
        long t = notify.add();
        l.unlock();
        try {
            notify.await(t, WaitReason.SYNC_COND_WAIT);
        } finally {
            l.lock();
        }
    }

    /** Wakes one waiter, if any. */
    public void signal() {
        notify.signalOne();
    }

    /** Wakes all waiters. */
    public void broadcast() {
        notify.signalAll();
    }
}
