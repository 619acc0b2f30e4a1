package dev.handoff.runtime;

/**
 * The global run queue (Go's {@code sched.runq}): a FIFO of Gs linked through {@code g.schedlink}.
 * Every method except {@link #sizeRacy} requires the scheduler lock ({@code sched.lock}); the size is
 * also published with a release store so the scheduler can peek at it without the lock.
 */
final class GlobalRunQueue {
    private G head, tail;
    private volatile int size;

    /** Lock held. Appends one G. */
    void put(G gp) {
        gp.schedlink = null;
        if (tail != null) tail.schedlink = gp; else head = gp;
        tail = gp;
        size = size + 1;
    }

    /** Lock held. Puts one G at the front (Go's globrunqputhead, used by exitsyscall's slow path). */
    void putHead(G gp) {
        gp.schedlink = head;
        head = gp;
        if (tail == null) tail = gp;
        size = size + 1;
    }

    /** Lock held. Appends a linked batch {@code first..last} of {@code n} Gs. */
    void putBatch(G first, G last, int n) {
        last.schedlink = null;
        if (tail != null) tail.schedlink = first; else head = first;
        tail = last;
        size = size + n;
    }

    /** Lock held. Removes the first G, or returns null. */
    G pop() {
        G gp = head;
        if (gp == null) return null;
        head = gp.schedlink;
        if (head == null) tail = null;
        gp.schedlink = null;
        size = size - 1;
        return gp;
    }

    /** Lock held. */
    int size() { return size; }

    /** No lock: a racy peek, good enough to decide whether to take the lock. */
    int sizeRacy() { return size; }
}
