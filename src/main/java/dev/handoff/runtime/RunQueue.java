package dev.handoff.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A P's local run queue (Go's {@code p.runq}, {@code runqhead}, {@code runqtail}, {@code runnext}):
 * a 256-slot single-producer, multi-consumer ring plus one {@code runnext} slot.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Only the owner (the M holding the P) puts: it writes a slot with a plain store, then
 *       publishes it with a release store of {@code tail} ({@code setRelease}).</li>
 *   <li>Anyone takes: the owner ({@link #get}) and thieves ({@link #grab}) read {@code head} and
 *       {@code tail} with acquire loads, copy slots with plain loads, and commit by CAS on
 *       {@code head}. A slot read by a thief may be overwritten by the owner only after head has
 *       moved past it, so a stale copy always loses its CAS.</li>
 *   <li>{@code 0 <= tail - head <= 256} (int arithmetic, wrapping).</li>
 *   <li>{@code runnext} is a G readied by the running G (Go's "next"): it inherits the time slice.
 *       The owner sets it by CAS; thieves take it by CAS only as a last resort, and from a
 *       running P only after a grace period (below).</li>
 * </ul>
 *
 * <h2>Stealing runnext from a running P (Go's runqgrab)</h2>
 * The G in a running P's runnext was most likely readied by the G running there, which is about
 * to block (a channel handoff: send, then receive) so that the P runs it next. A thief that took
 * it at once would bounce the pair between Ms on every round trip (measured: unbuffered ping-pong
 * on 2 Ps at about 2x Go's time, and far worse with a core busy elsewhere). So, as Go does, a thief
 * that finds only runnext on a {@code _Prunning} P first sleeps {@link #RUNNEXT_GRACE_NANOS} (Go:
 * usleep(3); both really sleep for the kernel's timer slack, ~50 µs), then CASes it; if runnext
 * changed meanwhile it starts over, so it steals only a G that sat there all along. Beyond Go: a
 * count of runnext puts ({@code nextPuts}), read before and after the wait, also tells "all
 * along" from "left and came back" — in a ping-pong the same two Gs take turns there, so after
 * 50 µs Go's CAS alone often succeeds on the same G and splits the pair once per thief cycle
 * (measured: 2-P ping-pong ~340 ns without the count, ~280-295 ns with it). The thief is still
 * counted as spinning while it sleeps, so the readying side's wakep stays a read, not a futex
 * wake. Rejected: spinning on runnext for the grace period instead of sleeping (a core burnt per
 * spinner, and the spinner gives up and stops sooner, so more goreadies pay a futex wake: no
 * better than no grace at all in our runs).
 * This is Go's algorithm (proc.go runqput/runqget/runqgrab/runqsteal) with Java's access modes
 * stated at each access; jcstress tests (RunQueuePutStealTest) check put-vs-steal.
 */
final class RunQueue {
    static final int SIZE = 256;
    private static final int MASK = SIZE - 1;

    private static final VarHandle HEAD, TAIL, RUNNEXT, NEXTPUTS;

    static {
        try {
            var l = MethodHandles.lookup();
            HEAD = l.findVarHandle(RunQueue.class, "head", int.class);
            TAIL = l.findVarHandle(RunQueue.class, "tail", int.class);
            RUNNEXT = l.findVarHandle(RunQueue.class, "runnext", G.class);
            NEXTPUTS = l.findVarHandle(RunQueue.class, "nextPuts", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The runnext grace (see the class comment): {@code -Dhandoff.runnextGraceNanos}; 0 turns it
     * off, under 1000 makes it one Thread.yield (jcstress uses that: many short races, not a few
     * 50 µs sleeps).
     */
    static final long RUNNEXT_GRACE_NANOS = Long.getLong("handoff.runnextGraceNanos", 3_000);

    /** The P this queue belongs to (null in unit tests: a queue without a P is never "running"). */
    private final P owner;
    private final G[] buf = new G[SIZE];
    @SuppressWarnings("unused") private int head;
    @SuppressWarnings("unused") private int tail;
    @SuppressWarnings("unused") private G runnext;
    /** Puts into runnext so far (owner writes, opaque; thieves read it to tell "the same G all along" from ABA). */
    @SuppressWarnings("unused") private int nextPuts;

    RunQueue() {
        this(null);
    }

    RunQueue(P owner) {
        this.owner = owner;
    }

    /** Set by {@link #get}: whether the G returned came from runnext (and so inherits the time slice). */
    boolean inheritTime;

    /**
     * Owner only. Puts {@code gp} at the tail, or into runnext when {@code next} (kicking the old
     * runnext to the tail). When the ring is full, moves half of it plus {@code gp} to the global
     * queue (Go's runqputslow).
     */
    void put(G gp, boolean next, Sched sched) {
        if (next) {
            G old;
            do {
                old = (G) RUNNEXT.getAcquire(this);
            } while (!RUNNEXT.compareAndSet(this, old, gp));
            NEXTPUTS.setOpaque(this, (int) NEXTPUTS.getOpaque(this) + 1);
            if (old == null) return;
            gp = old;
        }
        for (;;) {
            int h = (int) HEAD.getAcquire(this);   // synchronise with consumers
            int t = (int) TAIL.get(this);          // plain: only the owner writes tail
            if (t - h < SIZE) {
                buf[t & MASK] = gp;                // plain: published by the release below
                TAIL.setRelease(this, t + 1);
                return;
            }
            if (putSlow(gp, h, t, sched)) return;
        }
    }

    /**
     * Moves half the ring and {@code gp} to the global queue, under one lock (Go's runqputslow);
     * false if consumers raced us. The slots are copied straight from the ring after the CAS: only
     * the owner writes slots, and it is here, so the ones just released stay intact meanwhile.
     */
    private boolean putSlow(G gp, int h, int t, Sched sched) {
        int n = (t - h) / 2;
        if (n != SIZE / 2) throw new IllegalStateException("runqputslow: queue is not full");
        if (!HEAD.compareAndSet(this, h, h + n)) return false;
        synchronized (sched.lock) {
            sched.runq.putBatch(buf, h, n);
            sched.runq.put(gp);
        }
        return true;
    }

    /** Owner only. Takes runnext if set (inheritTime = true), else the head of the ring; null if empty. */
    G get() {
        G next = (G) RUNNEXT.getAcquire(this);
        if (next != null && RUNNEXT.compareAndSet(this, next, null)) {
            inheritTime = true;
            return next;
        }
        inheritTime = false;
        for (;;) {
            int h = (int) HEAD.getAcquire(this);
            int t = (int) TAIL.get(this);
            if (t == h) return null;
            G gp = buf[h & MASK];
            if (HEAD.compareAndSet(this, h, h + 1)) return gp;
        }
    }

    /**
     * Anyone. Copies up to half of this queue into {@code batch} starting at {@code batchHead} and
     * commits by CAS on head; with {@code stealRunnext}, takes runnext when the ring is empty.
     * Returns how many were taken.
     */
    int grab(G[] batch, int batchHead, boolean stealRunnext) {
        for (;;) {
            int h = (int) HEAD.getAcquire(this);
            int t = (int) TAIL.getAcquire(this);   // synchronise with the producer
            int n = t - h;
            n = n - n / 2;
            if (n == 0) {
                if (stealRunnext) {
                    G next = (G) RUNNEXT.getAcquire(this);
                    if (next == null) return 0;
                    if (RUNNEXT_GRACE_NANOS > 0 && owner != null && owner.status() == PStatus._Prunning) {
                        int puts = (int) NEXTPUTS.getOpaque(this);
                        graceWait(); // see the class comment
                        if ((int) NEXTPUTS.getOpaque(this) != puts) continue; // it moved (maybe back: ABA)
                    }
                    if (!RUNNEXT.compareAndSet(this, next, null)) continue;
                    batch[batchHead & MASK] = next;
                    return 1;
                }
                return 0;
            }
            if (n > SIZE / 2) continue;            // read an inconsistent h and t
            for (int i = 0; i < n; i++) batch[(batchHead + i) & MASK] = buf[(h + i) & MASK];
            if (HEAD.compareAndSet(this, h, h + n)) return n;
        }
    }

    /** Go's usleep(3), or its osyield on systems with a coarse timer (here: a grace under 1 µs). */
    static void graceWait() {
        if (RUNNEXT_GRACE_NANOS >= 1_000) LockSupport.parkNanos(RUNNEXT_GRACE_NANOS);
        else Thread.yield();
    }

    /**
     * Owner of this queue only. Steals half of {@code victim}'s queue into this one and returns
     * one G to run (Go's runqsteal), or null.
     */
    G steal(RunQueue victim, boolean stealRunnext) {
        int t = (int) TAIL.get(this);
        int n = victim.grab(buf, t, stealRunnext);
        if (n == 0) return null;
        n--;
        G gp = buf[(t + n) & MASK];
        buf[(t + n) & MASK] = null;
        if (n == 0) return gp;
        int h = (int) HEAD.getAcquire(this);
        if (t - h + n >= SIZE) throw new IllegalStateException("runqsteal: runq overflow");
        TAIL.setRelease(this, t + n);
        return gp;
    }

    /** Anyone (racy snapshot): the G in runnext, or null. */
    G runnextRacy() {
        return (G) RUNNEXT.getOpaque(this);
    }

    /** Anyone (racy snapshot). True when the ring and runnext are both empty. */
    boolean isEmpty() {
        // Go reads head, tail, runnext, then re-checks tail so that a G moving from runnext to the
        // ring (put with next=true) is never missed.
        for (;;) {
            int h = (int) HEAD.getAcquire(this);
            int t = (int) TAIL.getAcquire(this);
            G next = (G) RUNNEXT.getAcquire(this);
            if ((int) TAIL.getAcquire(this) == t) return h == t && next == null;
        }
    }

    /** Anyone (racy snapshot): entries in the ring plus runnext. */
    int size() {
        int n = (int) TAIL.getAcquire(this) - (int) HEAD.getAcquire(this);
        if (n < 0 || n > SIZE) n = 0;
        return n + (RUNNEXT.getAcquire(this) != null ? 1 : 0);
    }

    /** Owner only, P being destroyed or stolen whole: drains every G (runnext first) into {@code global}. */
    void drainTo(GlobalRunQueue global) {
        G gp;
        while ((gp = get()) != null) global.put(gp);
    }
}
