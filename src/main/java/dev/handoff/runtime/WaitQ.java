package dev.handoff.runtime;

/**
 * A FIFO of {@link Sudog}s (Go's {@code waitq}); guarded by its owner's {@link RuntimeLock}.
 *
 * <p>{@link #dequeue} skips a select's Sudog whose select has already been won on another channel: it
 * unlinks it and moves on, so a losing select Sudog is never handed a value. The select removes its
 * remaining Sudogs itself afterwards with {@link #remove}, which tolerates one already unlinked here.
 */
final class WaitQ {
    Sudog first, last;

    void enqueue(Sudog s) {
        s.next = null;
        Sudog x = last;
        if (x == null) {
            s.prev = null;
            first = last = s;
        } else {
            s.prev = x;
            x.next = s;
            last = s;
        }
    }

    /** Puts {@code s} at the head (Go's semaphore LIFO requeue for a waiter that already waited). */
    void enqueueFirst(Sudog s) {
        s.prev = null;
        Sudog y = first;
        if (y == null) {
            s.next = null;
            first = last = s;
        } else {
            s.next = y;
            y.prev = s;
            first = s;
        }
    }

    Sudog dequeue() {
        for (;;) {
            Sudog s = first;
            if (s == null) return null;
            Sudog y = s.next;
            if (y == null) {
                first = last = null;
            } else {
                y.prev = null;
                first = y;
                s.next = null;
            }
            if (s.isSelect && !s.waiter.casSelectDone()) continue; // that select is already won elsewhere
            return s;
        }
    }

    /** Removes {@code s} if still linked (Go's dequeueSudoG). */
    void remove(Sudog s) {
        Sudog x = s.prev, y = s.next;
        if (x != null) {
            if (y != null) {
                x.next = y;
                y.prev = x;
                s.next = s.prev = null;
            } else {
                x.next = null;
                last = x;
                s.prev = null;
            }
            return;
        }
        if (y != null) {
            y.prev = null;
            first = y;
            s.next = null;
            return;
        }
        if (first == s) first = last = null; // the only element; else it was already unlinked
    }

    boolean isEmpty() {
        return first == null;
    }
}
