package dev.handoff.runtime;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Go channel: unbuffered ({@code make(0)}) or buffered ({@code make(n)}).
 *
 * <h2>Semantics (Go's)</h2>
 * <ul>
 *   <li>{@link #send} blocks until a receiver takes the value (unbuffered) or there is buffer room.</li>
 *   <li>{@link #recv} blocks until a value is available; on a closed, drained channel it returns
 *       {@code null} at once — Go's zero value with ok=false. {@link #recvOk} gives the ok bit.</li>
 *   <li>{@link #close} wakes every waiter: receivers get null/ok=false, senders get
 *       {@link ChanClosedException} ("send on closed channel"), as do later senders and a second close.</li>
 *   <li>{@link #nil()} is Go's nil channel: send and receive block forever, close throws; in a
 *       {@link Select} a nil (or {@code null}) channel's case is never ready.</li>
 *   <li>Elements must not be null (NullPointerException on send): so {@code recv() == null} means
 *       exactly "closed and drained", and iteration ({@code for (T v : ch)}, Go's {@code range}) can
 *       stop on it. Use a sentinel or {@code Optional} for "no value".</li>
 * </ul>
 *
 * <h2>Implementation (after Go's chan.go)</h2>
 * Invariants, all under the channel's own {@link RuntimeLock}:
 * <ul>
 *   <li>at least one of {@code sendq} and {@code recvq} is empty;</li>
 *   <li>buffered: {@code qcount > 0} implies {@code recvq} is empty, and {@code qcount < cap} implies
 *       {@code sendq} is empty;</li>
 *   <li>once {@code closed}, {@code sendq} and {@code recvq} stay empty.</li>
 * </ul>
 * A waiting receiver gets the value straight from the sender, never through the buffer; a full
 * buffered channel with a waiting sender gives the receiver the head and moves the sender's value to
 * the tail in the same slot. Waiters are queued FIFO and readied only after the lock is released, so a
 * woken goroutine never spins on the lock its waker still holds. A goroutine receiver is readied into
 * the sender's P runnext by {@code goready} ({@link GWaiter}); a thread is unparked ({@link ThreadWaiter}).
 *
 * <p>Hot path: no allocation per operation once warm (Sudogs come from the party's cache), no lambda
 * per operation ({@link #unlockf} is built once per channel).
 */
public final class Chan<T> extends RuntimeLock implements Iterable<T> {
    private static final AtomicLong IDS = new AtomicLong(1);
    private static final Chan<?> NIL = new Chan<>();


    /** Select's lock order key: unique, fixed at creation. 0 for the nil channel. */
    final long id;
    final int dataqsiz;
    final Object[] buf;
    int qcount, sendx, recvx;
    boolean closed;
    final WaitQ recvq = new WaitQ(), sendq = new WaitQ();
    /** Releases this channel's lock after a parked party has stopped (Go's goparkunlock). */
    final Runnable unlockf = this::unlock;

    private Chan() { // the nil channel
        id = 0;
        dataqsiz = 0;
        buf = null;
    }

    private Chan(int size) {
        if (size < 0) throw new IllegalArgumentException("makechan: size out of range: " + size);
        id = IDS.getAndIncrement();
        dataqsiz = size;
        buf = size == 0 ? null : new Object[size];
    }

    /** An unbuffered channel: {@code make(chan T)}. */
    public static <T> Chan<T> make() {
        return new Chan<>(0);
    }

    /** A channel with a buffer of {@code size} (0 = unbuffered): {@code make(chan T, size)}. */
    public static <T> Chan<T> make(int size) {
        return new Chan<>(size);
    }

    /** Go's nil channel: send and receive block forever; close throws. */
    @SuppressWarnings("unchecked")
    public static <T> Chan<T> nil() {
        return (Chan<T>) NIL;
    }

    boolean isNil() {
        return id == 0;
    }

    /*
     * Each blocking operation (send, recv) parks in its own body, not in a shared core called
     * through a wrapper: the frames between the goroutine's entry and the yield are frozen and
     * thawed on every park, and the wrapper frame C2 would not inline (the core was "already
     * compiled into a big method") cost ~15-20 ns per ping-pong round trip. The blocking and
     * non-blocking forms still share one copy of the fast paths (sendLocked, recvLocked), which
     * return before any park.
     */

    /** {@code c <- v}. */
    public void send(T v) {
        Objects.requireNonNull(v, "Chan elements must not be null (null is what a closed channel yields)");
        if (isNil()) {
            Waiter.current().parkForever(this, WaitReason.CHAN_SEND_NIL_CHAN);
            throw new AssertionError("unreachable");
        }
        lock();
        if (sendLocked(v)) return;
        Waiter me = Waiter.current(); // only now: the handoff paths do not need it
        Sudog mine = me.acquireSudog();
        mine.elem = v;
        me.param = null;
        me.prepareToPark();
        sendq.enqueue(mine);
        me.park(unlockf, this, WaitReason.CHAN_SEND);
        boolean ok = mine.success;
        me.param = null;
        me.releaseSudog(mine);
        if (!ok) throw new ChanClosedException("send on closed channel");
    }

    /** Non-blocking send (a select with one send case and a default): true if the value was sent. */
    public boolean trySend(T v) {
        Objects.requireNonNull(v, "Chan elements must not be null (null is what a closed channel yields)");
        if (isNil()) return false;
        lock();
        if (sendLocked(v)) return true;
        unlock();
        return false;
    }

    /**
     * The send fast paths, entered with the lock held: hands {@code v} to a waiting receiver or
     * buffers it and returns true, unlocked; returns false, still locked, when the sender must
     * wait; throws, unlocked, when the channel is closed.
     */
    private boolean sendLocked(Object v) {
        if (closed) {
            unlock();
            throw new ChanClosedException("send on closed channel");
        }
        Sudog sg = recvq.dequeue();
        if (sg != null) {
            Waiter w = handToReceiver(sg, v);
            unlock();
            w.ready();
            return true;
        }
        if (qcount < dataqsiz) {
            putBuffer(v);
            unlock();
            return true;
        }
        return false;
    }

    /** {@code v := <-c}: the next value, or null once the channel is closed and drained. */
    @SuppressWarnings("unchecked")
    public T recv() {
        if (isNil()) {
            Waiter.current().parkForever(this, WaitReason.CHAN_RECEIVE_NIL_CHAN);
            throw new AssertionError("unreachable");
        }
        lock();
        Object v = recvLocked();
        if (v != NOT_READY) return (T) v;
        Waiter me = Waiter.current();
        Sudog mine = me.acquireSudog();
        me.param = null;
        me.prepareToPark();
        recvq.enqueue(mine);
        me.park(unlockf, this, WaitReason.CHAN_RECEIVE);
        v = mine.elem; // null when woken by close
        me.param = null;
        me.releaseSudog(mine);
        return (T) v;
    }

    /** {@code v, ok := <-c}. */
    public Received<T> recvOk() {
        T v = recv();
        return v != null ? new Received<>(v) : Received.closed();
    }

    /**
     * Non-blocking receive (a select with one receive case and a default): null when nothing is ready,
     * else the value or, on a closed drained channel, {@link Received#closed()}.
     */
    public Received<T> tryRecv() {
        if (isNil()) return null;
        lock();
        Object v = recvLocked();
        if (v == NOT_READY) {
            unlock();
            return null;
        }
        @SuppressWarnings("unchecked")
        T t = (T) v;
        return t != null ? new Received<>(t) : Received.closed();
    }

    /** What {@link #recvLocked} returns when the receiver must wait. */
    private static final Object NOT_READY = new Object();

    /**
     * The receive fast paths, entered with the lock held: returns, unlocked, the value taken from
     * a waiting sender or the buffer, or null when the channel is closed and drained; returns
     * NOT_READY, still locked, when the receiver must wait.
     */
    private Object recvLocked() {
        Sudog sg = sendq.dequeue();
        if (sg != null) {
            Object v = takeFromSender(sg);
            Waiter w = sg.waiter;
            unlock();
            w.ready();
            return v;
        }
        if (qcount > 0) {
            Object v = takeBuffer();
            unlock();
            return v;
        }
        if (closed) {
            unlock();
            return null;
        }
        return NOT_READY;
    }

    /** {@code close(c)}: wakes every waiter; later sends and closes throw. */
    public void close() {
        if (isNil()) throw new ChanClosedException("close of nil channel");
        lock();
        if (closed) {
            unlock();
            throw new ChanClosedException("close of closed channel");
        }
        closed = true;
        Sudog glist = null; // woken parties, linked through next (Go's glist)
        for (Sudog sg; (sg = recvq.dequeue()) != null; ) {
            sg.elem = null;
            sg.success = false;
            sg.waiter.param = sg;
            sg.next = glist;
            glist = sg;
        }
        for (Sudog sg; (sg = sendq.dequeue()) != null; ) {
            sg.elem = null;
            sg.success = false;
            sg.waiter.param = sg;
            sg.next = glist;
            glist = sg;
        }
        unlock();
        while (glist != null) { // ready only after unlocking: the woken must not spin on our lock
            Sudog sg = glist;
            glist = sg.next;
            sg.next = null;
            sg.waiter.ready();
        }
    }

    /** {@code len(c)}: values in the buffer. */
    public int len() {
        if (isNil()) return 0;
        lock();
        int n = qcount;
        unlock();
        return n;
    }

    /** {@code cap(c)}: the buffer size. */
    public int cap() {
        return dataqsiz;
    }

    /** Whether close has been called (a snapshot). */
    public boolean isClosed() {
        if (isNil()) return false;
        lock();
        boolean c = closed;
        unlock();
        return c;
    }

    /** Go's {@code for v := range c}: receives until the channel is closed and drained. */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private T next;

            @Override
            public boolean hasNext() {
                if (next == null) next = recv();
                return next != null;
            }

            @Override
            public T next() {
                if (!hasNext()) throw new NoSuchElementException("channel closed");
                T v = next;
                next = null;
                return v;
            }
        };
    }

    @Override
    public String toString() {
        if (isNil()) return "Chan(nil)";
        return "Chan#" + id + "[cap=" + dataqsiz + "]";
    }

    /** For tests (Go's export_test.go): parties queued to receive / to send. */
    int waitingReceivers() {
        lock();
        int n = count(recvq);
        unlock();
        return n;
    }

    int waitingSenders() {
        lock();
        int n = count(sendq);
        unlock();
        return n;
    }

    private static int count(WaitQ q) {
        int n = 0;
        for (Sudog s = q.first; s != null; s = s.next) n++;
        return n;
    }

    // ---- pieces shared with Select; all with the lock held ----

    /** A receiver was waiting: give it {@code v} directly. Returns the party to ready after unlocking. */
    static Waiter handToReceiver(Sudog sg, Object v) {
        sg.elem = v;
        sg.success = true;
        Waiter w = sg.waiter;
        w.param = sg;
        return w;
    }

    /** A sender was waiting (so the buffer, if any, is full): returns the value received. */
    Object takeFromSender(Sudog sg) {
        Object v;
        if (dataqsiz == 0) {
            v = sg.elem;
        } else {
            v = buf[recvx];
            buf[recvx] = sg.elem;
            if (++recvx == dataqsiz) recvx = 0;
            sendx = recvx;
        }
        sg.elem = null;
        sg.success = true;
        sg.waiter.param = sg;
        return v;
    }

    void putBuffer(Object v) {
        buf[sendx] = v;
        if (++sendx == dataqsiz) sendx = 0;
        qcount++;
    }

    Object takeBuffer() {
        Object v = buf[recvx];
        buf[recvx] = null;
        if (++recvx == dataqsiz) recvx = 0;
        qcount--;
        return v;
    }
}
