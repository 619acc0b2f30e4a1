package dev.handoff.runtime;

/**
 * The global run queue (Go's {@code sched.runq}): a FIFO of Gs in a growable array ring. Every
 * method except {@link #sizeRacy} requires the scheduler lock ({@code sched.lock}); the size is also
 * published with a volatile store so the scheduler can peek at it without the lock.
 *
 * <p>Why an array and not Go's list through {@code g.schedlink}: with a million goroutines queued,
 * the Gs are cold, and walking a linked list is one cache miss after another, each waiting for the
 * last (measured: the list walk in globrunqget and in the free list refill was most of the extra
 * cost of a million-goroutine spawn over batches of a thousand). Popping from an array reads
 * references side by side and never touches the G itself; the G's miss comes later, when it runs,
 * and no other load waits for it. The array grows by doubling and never shrinks (as Go's allgs
 * never does): its size is bounded by the most Gs ever queued at once.
 */
final class GlobalRunQueue {
    private G[] buf = new G[256];
    private int head, count; // head: index of the oldest; count: entries
    private volatile int size;

    /** Lock held. Appends one G. */
    void put(G gp) {
        if (count == buf.length) grow();
        buf[(head + count) & (buf.length - 1)] = gp;
        size = ++count;
    }

    /** Lock held. Appends {@code n} Gs taken from the ring {@code src} (length a power of two) from index {@code from}. */
    void putBatch(G[] src, int from, int n) {
        while (buf.length - count < n) grow();
        int srcMask = src.length - 1, mask = buf.length - 1;
        for (int i = 0; i < n; i++) buf[(head + count + i) & mask] = src[(from + i) & srcMask];
        count += n;
        size = count;
    }

    /** Lock held. Removes the first G, or returns null. */
    G pop() {
        if (count == 0) return null;
        G gp = buf[head];
        buf[head] = null;
        head = (head + 1) & (buf.length - 1);
        size = --count;
        return gp;
    }

    private void grow() {
        G[] a = new G[buf.length * 2];
        for (int i = 0; i < count; i++) a[i] = buf[(head + i) & (buf.length - 1)];
        buf = a;
        head = 0;
    }

    /** Lock held. */
    int size() { return count; }

    /** No lock: a racy peek, good enough to decide whether to take the lock. */
    int sizeRacy() { return size; }
}
