package dev.handoff.runtime;

/**
 * The seam between the blocking primitives and the goroutine scheduler: a goroutine waits through its
 * {@link GWaiter} (gopark/goready), anything else through {@link ThreadWaiter}.
 */
final class GoroutineWaiters {
    private GoroutineWaiters() {}

    /** The current goroutine's waiter, or null when the caller is not a goroutine. */
    static Waiter current() {
        return GWaiter.current();
    }

    /**
     * Go's sync_runtime_canSpin: spinning only pays on a multicore machine, a few times, and — for a
     * goroutine — only while its P has no other goroutine waiting to run.
     */
    static boolean canSpin(int iter) {
        if (iter >= 4 || Runtime.getRuntime().availableProcessors() <= 1) return false;
        P pp = Proc.currentP(); // null: a plain or virtual thread
        return pp == null || pp.runq.isEmpty();
    }
}
