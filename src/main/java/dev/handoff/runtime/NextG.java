package dev.handoff.runtime;

import static dev.handoff.runtime.GStatus.*;

/**
 * A goroutine's own runnext ({@code G.nextg}): the goroutine it readied last, which its M runs
 * straight after it parks. Beyond Go, for the handoff that dominates channel ping-pong: G1 sends to
 * a parked G2 (goready), then blocks on the reply (gopark); Go puts G2 into the P's {@code runnext}
 * and its {@code schedule} takes it back out. Here G2 is parked on G1 itself, and G1's M, once G1
 * has stopped, runs G2 at once (Schedule.afterRun).
 *
 * <h2>Why</h2>
 * The P's runnext is shared with thieves, so putting into it and taking out of it is a CAS each,
 * and putting needs the P, so goready first locks its own status against sysmon (lockSelf: another
 * CAS and a store). G1's own slot needs one atomic exchange in goready and nothing at all after the
 * park: four atomic operations fewer per round trip, plus the trip through {@code schedule}.
 * Measured on GOMAXPROCS=1 (standalone 1M round trips, the M's CPU time): see docs/channels.md.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Only G1 itself, while {@code _Grunning}, puts into {@code G1.nextg}, and only into an empty
 *       slot ({@link #put}), with an atomic exchange (a full fence) followed by a read of its own
 *       status.</li>
 *   <li>Everyone else takes from it only while holding G1's status in a state G1 cannot leave on
 *       its own: the scan bit ({@code _Grunning -> _Gscanrunning}: a thief, sysmon's or procresize's
 *       takeP, entersyscallblock, G1's own lockSelf), or after G1 has stopped (its M, once
 *       stopRunning has moved G1 out of {@code _Grunning}, and before G1 can be readied or reused
 *       anywhere else). So takes never race each other, and need no atomic operation of their own.</li>
 *   <li>Put against take is Dekker's: G1 writes the slot, then reads its status; a taker CASes the
 *       status, then reads the slot. Either the taker sees G2, or G1 sees the taker's status and
 *       deals with G2 itself ({@link #recheck}: a lost P sends G2 to the global queue).</li>
 *   <li>A G in the slot is {@code _Grunnable} and counted as such (the deadlock check, dumps). It
 *       leaves the slot only into a run queue or straight into execute.</li>
 * </ul>
 *
 * <h2>Where the slot is emptied</h2>
 * G1 parks (run G2 at once, or into the P's runnext when schedule would not have picked it first);
 * G1 calls gosched, exits, or parks pinned (into the P's runnext); G1 readies a second goroutine or
 * starts one (G2 into runnext first, then the newcomer, which kicks G2 to the tail, as Go's
 * runnext would); G1 enters a syscall (into runnext, so sysmon's retake hands it off with the P);
 * sysmon or procresize takes G1's P (takeP moves it into that P); a thief that finds it unchanged
 * after the runnext grace period steals it ({@link #steal}, Go's "steal runnext" rule).
 *
 * <h2>Rejected</h2>
 * A plain store in goready (no exchange): cheaper still, but then a sysmon take that read a stale
 * "blocked" thread state could miss G2 while G1 misses the take, and G2 would wait until G1's next
 * runtime call — a deadlock if G1 then blocks waiting for G2. A slot that thieves cannot see: a
 * producer that readies a consumer and keeps computing would hold the consumer back until its
 * next runtime call (Go's spinning M steals runnext after ~3 µs).
 */
final class NextG {
    private NextG() {}

    /**
     * goready's fast path: parks {@code gp} (just made runnable) on the running {@code cur} when
     * its slot and its P's runnext are both empty. False when the caller must use the P's run
     * queue instead.
     */
    static boolean put(M mp, G cur, G gp) {
        P pp = mp.p;
        if (pp == null || cur.nextg() != null || pp.runq.runnextRacy() != null) return false;
        G old = cur.swapNextg(gp);
        if (old != null) throw new IllegalStateException("nextg: goroutine " + cur.goid + " already had one");
        cur.incNextgPuts();
        if (cur.status() != _Grunning) recheck(mp.sched, cur);
        return true;
    }

    /**
     * After the put, G1's status was not {@code _Grunning}: someone holds its scan bit, or took its P
     * (sysmon, believing it blocked in the JDK). Wait out the scan bit; if the P is gone, nobody can
     * take from the slot any more: send whatever is left to the global queue.
     */
    private static void recheck(Sched s, G cur) {
        for (;;) {
            int st = cur.status();
            if ((st & _Gscan) != 0) {
                Thread.onSpinWait();
                continue;
            }
            if (st == _Grunning) return; // the locker let go; it took G2 or left it, both are fine
            break;
        }
        G x = take(cur);
        if (x == null) return;
        synchronized (s.lock) {
            s.runq.put(x);
        }
        Handoff.wakep(s);
    }

    /**
     * Empties {@code gp}'s slot. Only for a caller that holds gp's scan bit, or gp's M after gp has
     * stopped running (see the invariants).
     */
    static G take(G gp) {
        G x = gp.nextg();
        if (x != null) gp.setNextg(null);
        return x;
    }

    /**
     * Moves {@code gp}'s slot into the front of {@code pp}'s queue ({@code pp}'s owner, with gp's
     * scan bit held or gp stopped); or, when there is no P, to the global queue. True if it held a G.
     */
    static boolean flushTo(Sched s, P pp, G gp) {
        G x = take(gp);
        if (x == null) return false;
        requeue(s, pp, x);
        return true;
    }

    /** A G taken from a slot goes to {@code pp}'s runnext (pp's owner), or to the global queue when pp is null. */
    static void requeue(Sched s, P pp, G x) {
        if (pp != null) {
            pp.runq.put(x, true, s);
            return;
        }
        synchronized (s.lock) {
            s.runq.put(x);
        }
        Handoff.wakep(s);
    }

    /**
     * A thief's last resort (Go's steal of runnext, applied to the running G of {@code p2}): takes
     * the G parked on it if it sat there through the grace period, unchanged. Null otherwise.
     */
    static G steal(P p2) {
        M m2 = p2.m();
        G g1 = m2 != null ? m2.curg : null;
        if (g1 == null) return null;
        G x = g1.nextg();
        if (x == null) return null;
        int puts = g1.nextgPuts();
        if (RunQueue.RUNNEXT_GRACE_NANOS > 0) {
            RunQueue.graceWait();
            if (g1.nextgPuts() != puts) return null; // it ran (or a newer one was readied): no steal
        }
        if (!g1.casStatus(_Grunning, _Gscanrunning)) return null;
        G got = null;
        if (g1.nextg() == x && g1.nextgPuts() == puts) {
            g1.setNextg(null);
            got = x;
        }
        g1.setStatusRelease(_Grunning);
        return got;
    }

    /** Racy: does the G running on {@code p2} hold a readied G (work a spinning M could steal)? */
    static boolean pending(P p2) {
        M m2 = p2.m();
        G g1 = m2 != null ? m2.curg : null;
        return g1 != null && g1.nextg() != null;
    }
}
