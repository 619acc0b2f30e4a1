package dev.handoff.runtime;

import static dev.handoff.runtime.PStatus._Pidle;
import static dev.handoff.runtime.PStatus._Prunning;

/**
 * Moving Ps between Ms, and Ms between running and idle (Go's acquirep, releasep, handoffp, startm,
 * stopm, wakep, newm, startlockedm, stoplockedm).
 *
 * <h2>Spinning</h2>
 * An M is "spinning" while it has a P and looks for work it has not found yet. At most one M is
 * woken to spin at a time ({@link #wakep} CASes {@code nmspinning} from 0 to 1), and spinners are
 * limited to half the busy Ps ({@code Schedule.stealWork}). The protocol that prevents lost
 * wakeups is Go's: a producer publishes work, then (in wakep) reads {@code npidle} and
 * {@code nmspinning}; a spinner that gives up first decrements {@code nmspinning} (a full fence),
 * then re-checks every run queue. A producer that puts into its own P's queue and misses the
 * wakeup loses only parallelism, never the G: its own P runs it.
 */
final class Handoff {
    private Handoff() {}

    /** Associates {@code pp} (idle, off the list) with {@code mp}. */
    static void acquirep(M mp, P pp) {
        if (mp.p != null) throw new IllegalStateException("acquirep: M" + mp.mid + " already has P" + mp.p.id);
        PStatus.caspstatus(pp, _Pidle, _Prunning);
        pp.setM(mp);
        mp.p = pp;
    }

    /** Disassociates {@code mp} from its P and returns it, now idle (not on the list). */
    static P releasep(M mp) {
        P pp = mp.p;
        if (pp == null) throw new IllegalStateException("releasep: M" + mp.mid + " has no P");
        mp.p = null;
        pp.setM(null);
        PStatus.caspstatus(pp, _Prunning, _Pidle);
        return pp;
    }

    /**
     * Hands off an idle P (off the list) from an M that will block or has lost it: starts an M
     * for it when there is work or nobody is looking for any, else puts it on the idle list.
     */
    static void handoffp(Sched s, P pp) {
        if (!pp.runq.isEmpty() || s.runq.sizeRacy() != 0 || pp.destroyRequested) {
            startm(s, pp, false);
            return;
        }
        // No local work: only start a spinning M if there are no spinning or idle Ms already.
        if (s.nmspinning.get() + s.npidle == 0 && s.nmspinning.compareAndSet(0, 1)) {
            startm(s, pp, true);
            return;
        }
        boolean start;
        synchronized (s.lock) {
            start = s.runq.size() != 0;
            if (!start) s.pidleput(pp);
        }
        if (start) startm(s, pp, false);
        // Timers on an idle P are watched by sysmon (see TimerSource).
    }

    /**
     * Runs some M with P {@code pp} (an idle P from the list when null). With {@code spinning},
     * the caller has already counted the new spinner in nmspinning.
     */
    static void startm(Sched s, P pp, boolean spinning) {
        M nm;
        boolean fresh = false;
        synchronized (s.lock) {
            if (pp == null) {
                pp = s.pidleget();
                if (pp == null) {
                    if (spinning && s.nmspinning.decrementAndGet() < 0) {
                        throw new IllegalStateException("startm: negative nmspinning");
                    }
                    return;
                }
            }
            nm = s.mget();
            if (nm == null) {
                nm = newm(s, pp, spinning);
                if (nm == null) return; // fatal: thread exhaustion
                fresh = true;
            }
        }
        if (fresh) {
            nm.start();
            return;
        }
        nm.spinning = spinning;
        nm.nextp = pp;
        nm.park.wakeup();
    }

    /** Lock held. Creates an M that will start with {@code pp} (Go's newm + checkmcount). */
    private static M newm(Sched s, P pp, boolean spinning) {
        if (s.mcount >= s.maxmcount) {
            // The P stays with nobody: the program is dying.
            Fatal.fatal(s, "runtime: program exceeds " + s.maxmcount + "-thread limit", "thread exhaustion");
            return null;
        }
        M nm = new M(s, ++s.mnext);
        s.mcount++;
        nm.nextp = pp;
        nm.spinning = spinning;
        synchronized (s.allm) {
            s.allm.add(nm);
        }
        return nm;
    }

    /**
     * Stops the calling M until it is handed a P (Go's stopm), or until {@code deadline}
     * (System.nanoTime, Long.MAX_VALUE for none) when a timer is pending. Returns true with
     * {@code mp.p} set, false when the runtime is shutting down.
     */
    static boolean stopm(M mp, long deadline) {
        Sched s = mp.sched;
        if (mp.p != null) throw new IllegalStateException("stopm: M" + mp.mid + " holds P" + mp.p.id);
        if (mp.spinning) throw new IllegalStateException("stopm: M" + mp.mid + " is spinning");
        for (;;) {
            synchronized (s.lock) {
                if (s.shutdown) return false;
                s.mput(mp);
                Deadlock.checkdead(s);
            }
            if (!sleepUntil(mp, deadline)) {
                // Timed out: if nobody claimed us meanwhile, take a P ourselves to run timers.
                synchronized (s.lock) {
                    if (s.mremove(mp)) {
                        P pp = s.pidleget();
                        if (pp == null) { deadline = Long.MAX_VALUE; continue; }
                        acquirep(mp, pp);
                        return true;
                    }
                }
                mp.park.sleep(); // claimed: the wakeup is on its way
            }
            mp.park.clear();
            if (s.shutdown) return false;
            P pp = mp.nextp;
            mp.nextp = null;
            if (pp == null) throw new IllegalStateException("stopm: M" + mp.mid + " woken without a P");
            acquirep(mp, pp);
            return true;
        }
    }

    private static boolean sleepUntil(M mp, long deadline) {
        if (deadline == Long.MAX_VALUE) {
            mp.park.sleep();
            return true;
        }
        return mp.park.sleep(Math.max(0, deadline - System.nanoTime()));
    }

    /** Tries to add one more spinning M, if there is an idle P and no spinner (Go's wakep). */
    static void wakep(Sched s) {
        if (s.npidle == 0) return;
        if (s.nmspinning.get() != 0 || !s.nmspinning.compareAndSet(0, 1)) return;
        startm(s, null, true);
    }

    /** The calling M found work while spinning: stop counting it, and wake another spinner if useful. */
    static void resetspinning(M mp) {
        Sched s = mp.sched;
        mp.spinning = false;
        if (s.nmspinning.decrementAndGet() < 0) throw new IllegalStateException("resetspinning: negative nmspinning");
        wakep(s);
    }

    /**
     * The calling M picked {@code gp}, which is locked to another M: give that M our P and wake it
     * (Go's startlockedm). The caller then has no P and stops.
     */
    static void startlockedm(M mp, G gp) {
        Sched s = mp.sched;
        M locked = gp.lockedm;
        P pp = releasep(mp);
        synchronized (s.lock) {
            s.nmidlelocked--;
        }
        locked.nextp = pp;
        locked.park.wakeup();
    }

    /**
     * The calling M's locked G cannot run: hand off our P and sleep until some M hands us one for
     * it (Go's stoplockedm). Returns false on shutdown.
     */
    static boolean stoplockedm(M mp) {
        Sched s = mp.sched;
        if (mp.p != null) {
            s.stats.handoffs.incrementAndGet();
            handoffp(s, releasep(mp));
        }
        synchronized (s.lock) {
            if (s.shutdown) return false;
            s.nmidlelocked++;
            Deadlock.checkdead(s);
        }
        mp.park.sleep();
        mp.park.clear();
        if (s.shutdown) return false;
        P pp = mp.nextp;
        mp.nextp = null;
        acquirep(mp, pp);
        return true;
    }
}
