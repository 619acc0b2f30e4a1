package dev.handoff.runtime;

/**
 * A free list of dead Gs (Go's {@code gList} in {@code p.gFree} and {@code sched.gFree}): a stack in
 * an array. Each P has one of {@link #LOCAL_MAX} slots (owner only); the scheduler has one that grows
 * ({@code sched.gFreeLock}). A P spills half of a full list to the global one and refills
 * {@link #BATCH} at a time when empty, so the lock is taken once per {@value #BATCH} Gs.
 *
 * <p>An array rather than Go's list through {@code g.schedlink}: refilling from the global list
 * copies references, not a walk through {@value #BATCH} Gs, each a cache miss that waits for the
 * last one when a million goroutines have come and gone (see {@link GlobalRunQueue}). The stack
 * order keeps the G freed last, the one still in cache, first in line.
 */
final class GFree {
    static final int LOCAL_MAX = 64, BATCH = 32;

    private G[] gs;
    private int n;

    GFree(int capacity) {
        gs = new G[capacity];
    }

    int count() { return n; }

    boolean isFull() { return n == gs.length; }

    void push(G gp) {
        if (n == gs.length) gs = java.util.Arrays.copyOf(gs, n * 2);
        gs[n++] = gp;
    }

    /** The G freed last, or null. */
    G pop() {
        if (n == 0) return null;
        G gp = gs[--n];
        gs[n] = null;
        return gp;
    }

    /** Moves the {@code k} Gs at the bottom of this stack (freed first, the coldest) onto {@code to}. */
    void spillOldest(GFree to, int k) {
        k = Math.min(k, n);
        while (to.gs.length - to.n < k) to.gs = java.util.Arrays.copyOf(to.gs, to.gs.length * 2);
        System.arraycopy(gs, 0, to.gs, to.n, k);
        to.n += k;
        System.arraycopy(gs, k, gs, 0, n - k);
        java.util.Arrays.fill(gs, n - k, n, null);
        n -= k;
    }

    /** Moves up to {@code k} Gs from the top of {@code from} onto this stack (which must have room). */
    void refill(GFree from, int k) {
        k = Math.min(Math.min(k, from.n), gs.length - n);
        System.arraycopy(from.gs, from.n - k, gs, n, k);
        java.util.Arrays.fill(from.gs, from.n - k, from.n, null);
        from.n -= k;
        n += k;
    }
}
