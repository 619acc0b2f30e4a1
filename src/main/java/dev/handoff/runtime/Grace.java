package dev.handoff.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * How long a spinning M waits before it steals a goroutine readied by a running one (from the
 * victim P's {@code runnext} or its running G's {@link NextG} slot), and what it does when that
 * goroutine keeps moving: it <em>watches</em>.
 *
 * <h2>The grace (Go's usleep(3) in runqgrab)</h2>
 * A G readied by a running G is most likely about to run on that P (a channel handoff: send, then
 * receive), so a thief that finds only such a G first waits, then steals it only if it sat there
 * all along (the put count did not move: RunQueue and NextG). The first wait is
 * {@link #BASE_NANOS} (3 µs asked, ~55 µs slept: the kernel's timer slack, as for Go's usleep).
 *
 * <h2>Watching (beyond Go)</h2>
 * A pair of goroutines handing off to each other on one P (ping-pong) keeps such a G in the slot
 * about half the time, and the put count moves during every grace: nothing can be stolen, and
 * nothing should be. Before, the spinner then gave up its P, re-checked every queue (Go's
 * lost-wakeup dance), found the slot full again about half the time and spun again, or stopped;
 * the next goready woke it again (a futex wake on the readier's path). Measured on the 2-core VM,
 * per 1M round trips on 2 Ps: ~2,000 M wake-ups, ~4,000 graces, ~13,500 context switches (Go 1.19:
 * 2,300-3,000) and 130-160 ns more CPU per round trip than on 1 P (Go: +24 ns).
 * Now a pass of {@code stealWork} that found nothing but such moving handoffs keeps the M spinning
 * with its P, and the next pass waits longer (from {@link #WATCH_START_NANOS}, doubling up to
 * {@link #WATCH_MAX_NANOS}): the watcher stays counted in {@code nmspinning}, so readiers' wakep
 * stays a read, and it costs one sleep per watch period instead of a wake cycle per grace. Only
 * the last spinner watches ({@code nmspinning == 1}): with several spinners the others drop their
 * Ps as before, so many pairs on many Ps keep one watcher, not one per spare P. Measured:
 * ~1,250 context switches and +29-43 ns of CPU per round trip (docs/channels.md).
 * (Go's spinner needs no watching: after its grace its CAS on runnext usually succeeds, on the
 * same two Gs taking turns there, so it takes the pair over and the old M becomes the spinner.
 * Ours refuses that steal: a split pair costs us far more, see RunQueue.)
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Work-conserving as before: the watcher is a spinning M, it holds a P and loops over
 *       {@code findRunnable} (timers, local, global, steal) after each sleep, and sleeps at most one
 *       watch period per pass (later graces in the pass are the base one), so every source is
 *       looked at about once per {@link #WATCH_MAX_NANOS} at least, and a G that really sits in a slot
 *       (its readier keeps computing) is stolen after at most two watch periods.</li>
 *   <li>Work that is not a handoff does not wait for a watch period to end: {@link Handoff#wakep}
 *       (every source except goready into the readier's own slot) first {@link #poke}s a watcher
 *       asleep in a watch period; the watcher then rescans at once with the base grace.</li>
 *   <li>A watch sleep ends before the earliest timer of any P.</li>
 *   <li>At most one M is pokeable ({@code sched.watcher}, set by CAS); another spinner that finds
 *       the slot taken sleeps only the base grace.</li>
 * </ul>
 *
 * <h2>Rejected</h2>
 * Not waking a spinner at all for a goready into the readier's own slot (the readier runs it right
 * after it parks): nothing but sysmon's 20 µs-10 ms tick would then steal it from a readier that
 * keeps computing, a deadlock-like stall for a readier that waits for the readied G without a
 * runtime call. Spinning through the grace instead of sleeping (see RunQueue). A watch with no cap
 * (fewer sleeps still, but a stranded G and any timer-free work found only through a poke).
 */
final class Grace {
    private Grace() {}

    /**
     * The first grace: {@code -Dhandoff.runnextGraceNanos}; 0 turns the grace off, under 1000 makes
     * it one Thread.yield (jcstress uses that: many short races, not a few 50 µs sleeps).
     */
    static final long BASE_NANOS = Long.getLong("handoff.runnextGraceNanos", 3_000);
    /** The first watch period, after a pass that saw only moving handoffs. */
    static final long WATCH_START_NANOS = 100_000;
    /** The longest watch period ({@code -Dhandoff.watchMaxNanos}). */
    static final long WATCH_MAX_NANOS = Long.getLong("handoff.watchMaxNanos", 400_000);

    private static final VarHandle WATCHER;

    static {
        try {
            WATCHER = MethodHandles.lookup().findVarHandle(Sched.class, "watcher", M.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * A thief's wait before stealing a readied G: {@code mp}'s current grace, or the base grace for
     * a thief that is not an M (unit tests). Returns false when poked (work elsewhere: the caller
     * must not steal now, and the pass is repeated at once).
     */
    static boolean await(M mp) {
        if (mp == null) {
            if (BASE_NANOS < 1_000) Thread.yield();
            else LockSupport.parkNanos(BASE_NANOS);
            return true;
        }
        long nanos = mp.slept ? Math.min(mp.grace, BASE_NANOS) : mp.grace; // one watch period per pass at most
        mp.slept = true;
        if (nanos < 1_000) {
            Thread.yield();
            return true;
        }
        if (nanos <= BASE_NANOS) {
            LockSupport.parkNanos(nanos);
            return true;
        }
        return sleep(mp, nanos);
    }

    /** A watching M's pass found nothing to wait for (no readied G at that moment): it sleeps its period here. */
    static void watch(M mp) {
        mp.slept = true;
        sleep(mp, Math.max(mp.grace, BASE_NANOS));
    }

    /** A pokeable sleep (see the invariants); false when poked. */
    private static boolean sleep(M mp, long nanos) {
        Sched s = mp.sched;
        if (!WATCHER.compareAndSet(s, null, mp)) { // one pokeable watcher at a time
            LockSupport.parkNanos(Math.min(nanos, BASE_NANOS));
            return true;
        }
        // Dekker with wakep: a producer publishes work, then reads sched.watcher; we have set it
        // (a full fence), now we look at the queues. Either it pokes us or we see its work.
        if (!workQueued(s)) {
            long timer = Schedule.earliestTimer(s);
            if (timer != Long.MAX_VALUE) nanos = Math.min(nanos, timer - System.nanoTime());
            if (nanos > 0 && !s.shutdown) LockSupport.parkNanos(nanos);
            if (WATCHER.compareAndSet(s, mp, null)) return true;
        } else {
            WATCHER.compareAndSet(s, mp, null); // (a racing poke may have cleared it: its permit only shortens a later park)
        }
        // Poked (poke cleared the slot), or work is queued: rescan at once, keeping the P, with the base grace.
        mp.sawHandoffs = true;
        mp.poked = true;
        mp.grace = BASE_NANOS;
        return false;
    }

    /** Racy: work other than handoffs is queued (the global queue, or some running P's ring). */
    private static boolean workQueued(Sched s) {
        if (s.runq.sizeRacy() != 0) return true;
        P[] allp = s.allp;
        int procs = Math.min(s.gomaxprocs, allp.length);
        for (int i = 0; i < procs; i++) {
            if (allp[i].status() == PStatus._Prunning && !allp[i].runq.ringEmpty()) return true;
        }
        return false;
    }

    /**
     * Wakes the watcher, if one is asleep: work other than a handoff was made runnable. One racy
     * read when there is none.
     */
    static void poke(Sched s) {
        M w = s.watcher;
        if (w != null && WATCHER.compareAndSet(s, w, null)) {
            s.stats.watchPokes.incrementAndGet();
            LockSupport.unpark(w);
        }
    }

    /** A pass of stealWork that found only moving handoffs: watch longer next time. */
    static void lengthen(M mp) {
        mp.sched.stats.watches.incrementAndGet();
        mp.grace = Math.min(WATCH_MAX_NANOS, Math.max(WATCH_START_NANOS, mp.grace * 2));
    }

    /** The M found work, or stops watching: the next grace is the base one again. */
    static void reset(M mp) {
        mp.grace = BASE_NANOS;
        mp.sawHandoffs = false;
        mp.poked = false;
    }
}
