package dev.handoff.runtime;

/**
 * One waiting operation (Go's {@code sudog}): a party ({@link Waiter}) queued on one wait queue — a
 * channel's sendq/recvq, a semaphore, a condition's notify list. A party waits on one queue at a time,
 * except in {@code select}, where it has one Sudog on each channel of the select, linked by
 * {@link #waitlink}.
 *
 * <p>All fields are guarded by the lock of the queue the Sudog is on; after the waker has dequeued it
 * and readied the party, they belong to the party again (the park/ready pair is the happens-before
 * edge). Sudogs are recycled through the party's own cache ({@link Waiter#acquireSudog}), so a blocking
 * channel operation allocates nothing once warm. Kept small (40 bytes): a parked goroutine keeps one.
 */
final class Sudog {
    /** The party that waits; fixed for the Sudog's life (it only ever sits in that party's cache). */
    final Waiter waiter;

    /** Send: the value offered; receive: the value handed over (null until then, or on close). */
    Object elem;
    /** True when a value was passed; false when the party was woken because the channel was closed. */
    boolean success;
    /** Queue links (Go's next/prev). */
    Sudog next, prev;
    /** Part of a select: a waker must win {@link Waiter#casSelectDone} before it may use it. */
    boolean isSelect;
    /** Select: the next Sudog of the same select, in lock order. Also the free-list link in the cache. */
    Sudog waitlink;
    /**
     * Select: the case this Sudog stands for. Cond: the notify ticket (its low 32 bits: the tickets
     * queued at once span far less than 2^31). Semaphore: 1 when the unit was handed over.
     */
    int ticket;

    Sudog(Waiter waiter) {
        this.waiter = waiter;
    }
}
