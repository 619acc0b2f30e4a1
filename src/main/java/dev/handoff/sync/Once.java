package dev.handoff.sync;

/**
 * Go's {@code sync.Once}: runs a function exactly once; every caller of {@link #run} returns only after
 * it has finished. If the function throws, it still counts as done (as in Go, where a panicking f is
 * not retried) and the exception goes to the caller that ran it.
 */
public final class Once {
    private volatile boolean done;
    private final Mutex m = new Mutex();

    /** Go's {@code Do} (a Java keyword). */
    public void run(Runnable f) {
        if (done) return; // fast path: one volatile read
        m.lock();
        try {
            if (!done) {
                try {
                    f.run();
                } finally {
                    done = true;
                }
            }
        } finally {
            m.unlock();
        }
    }

    public boolean isDone() {
        return done;
    }
}
