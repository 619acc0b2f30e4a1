package dev.handoff.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A ticket-based notification list (Go's {@code notifyList}, behind sync.Cond). Runtime support for
 * {@code dev.handoff.sync.Cond}.
 *
 * <p>Why tickets: Cond.Wait must take its place in line <em>before</em> it releases the user's lock
 * ({@link #add}), but may only park after (it must not sleep holding it). A Signal in between must
 * still wake it: the signaller advances {@code notify} past the ticket, and {@link #await} sees
 * {@code ticket < notify} and returns without parking. A waiter is woken at most once, in ticket
 * order.
 *
 * <p>Invariants (under the list's lock): {@code notify <= wait}; every queued Sudog has
 * {@code notify <= ticket < wait}.
 */
public final class NotifyList extends RuntimeLock {
    private static final VarHandle WAIT, NOTIFY;
    static {
        try {
            var l = MethodHandles.lookup();
            WAIT = l.findVarHandle(NotifyList.class, "wait", long.class);
            NOTIFY = l.findVarHandle(NotifyList.class, "notify", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The next ticket to hand out. */
    @SuppressWarnings("unused") private volatile long wait;
    /** Tickets below this have been notified. */
    @SuppressWarnings("unused") private volatile long notify;
    private final WaitQ q = new WaitQ();
    private final Runnable unlockf = this::unlock;

    /** Takes a ticket (call while still holding the user's lock). */
    public long add() {
        return (long) WAIT.getAndAdd(this, 1L);
    }

    /** Waits until {@code ticket} is notified; returns at once if it already was. */
    public void await(long ticket, WaitReason reason) {
        Waiter me = Waiter.current();
        lock();
        if (ticket < (long) NOTIFY.getVolatile(this)) {
            unlock();
            return;
        }
        Sudog s = me.acquireSudog();
        s.ticket = (int) ticket; // unambiguous: queued tickets lie in [notify, wait), far below 2^31 apart
        me.prepareToPark();
        q.enqueue(s);
        me.park(unlockf, this, reason);
        me.releaseSudog(s);
    }

    /** Wakes the oldest ticket not yet notified (Signal). */
    public void signalOne() {
        if ((long) WAIT.getVolatile(this) == (long) NOTIFY.getVolatile(this)) return; // nobody waits
        lock();
        long t = (long) NOTIFY.getVolatile(this);
        if (t == (long) WAIT.getVolatile(this)) {
            unlock();
            return;
        }
        NOTIFY.setVolatile(this, t + 1);
        Sudog found = null;
        for (Sudog s = q.first; s != null; s = s.next) {
            if (s.ticket == (int) t) {
                found = s;
                break;
            }
        }
        if (found != null) q.remove(found); // else its owner has not queued yet and will not park
        unlock();
        if (found != null) found.waiter.ready();
    }

    /** Wakes every ticket handed out so far (Broadcast). */
    public void signalAll() {
        if ((long) WAIT.getVolatile(this) == (long) NOTIFY.getVolatile(this)) return;
        lock();
        Sudog s = q.first;
        q.first = q.last = null;
        NOTIFY.setVolatile(this, (long) WAIT.getVolatile(this));
        unlock();
        while (s != null) {
            Sudog next = s.next;
            s.next = s.prev = null;
            s.waiter.ready();
            s = next;
        }
    }
}
