package dev.handoff.sync;

import dev.handoff.runtime.Sema;
import dev.handoff.runtime.WaitReason;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Go's {@code sync.WaitGroup}: waits for a collection of goroutines (or threads) to finish.
 *
 * <p>State (one long, as Go packs it): high 32 bits the counter, low 32 bits the number of waiters.
 * When the counter drops to zero with waiters, the state is reset to 0 and each waiter is released
 * once on the semaphore.
 *
 * <p>Misuse → exceptions (Go panics with the same words): a negative counter; {@code add} with a
 * positive delta racing with {@code await} when the counter was zero; reusing the group before a
 * previous {@code await} has returned.
 */
public final class WaitGroup {
    private final AtomicLong state = new AtomicLong();
    private final Sema sema = new Sema(0);

    public void add(int delta) {
        long s = state.addAndGet((long) delta << 32);
        int v = (int) (s >> 32), w = (int) s;
        if (v < 0) {
            state.addAndGet(-((long) delta << 32));
            throw new IllegalStateException("sync: negative WaitGroup counter");
        }
        if (w != 0 && delta > 0 && v == delta) {
            throw new IllegalStateException("sync: WaitGroup misuse: Add called concurrently with Wait");
        }
        if (v > 0 || w == 0) return;
        // Counter is 0 and there are waiters: nobody may change the state now but us.
        if (state.get() != s) throw new IllegalStateException("sync: WaitGroup misuse: Add called concurrently with Wait");
        state.set(0);
        for (int i = 0; i < w; i++) sema.release(false);
    }

    public void done() {
        add(-1);
    }

    /** Go's Wait (a Java {@code wait()} would clash with Object's). */
    public void await() {
        for (;;) {
            long s = state.get();
            if ((int) (s >> 32) == 0) return;
            if (state.compareAndSet(s, s + 1)) {
                sema.acquire(false, WaitReason.SYNC_WAITGROUP_WAIT);
                if (state.get() != 0) throw new IllegalStateException("sync: WaitGroup is reused before previous Wait has returned");
                return;
            }
        }
    }

    /** For tests: the counter. */
    int counter() {
        return (int) (state.get() >> 32);
    }
}
