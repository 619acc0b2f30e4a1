package dev.handoff.runtime;

import static dev.handoff.runtime.GStatus.*;

/**
 * An M's life: {@link #mstart} loops {@link #schedule} → {@link #execute} → {@link #afterRun}.
 * This is Go's schedule/findRunnable/execute and the "g0 half" of park_m, goschedImpl and goexit0:
 * everything that runs on the M's own stack after the goroutine's continuation has yielded or
 * finished.
 *
 * <h2>findRunnable, in small steps</h2>
 * Go's findRunnable is one 350-line function looping on goto; here each source of work is a
 * method, tried in Go's order:
 * <ol>
 *   <li>timers (issue 5 hook, {@link TimerSource#run}), only when the earliest deadline of some P has
 *       passed (no clock read or lock otherwise);</li>
 *   <li>every 61st schedule, one G from the global queue (fairness);</li>
 *   <li>the local run queue ({@code runnext} first);</li>
 *   <li>the global queue (a batch);</li>
 *   <li>(netpoll: a later issue plugs in here);</li>
 *   <li>stealing half of another P's queue, random order, four rounds, the last also taking
 *       {@code runnext} — only while spinning Ms are fewer than half the busy Ps;</li>
 *   <li>nothing: give the P back, stop spinning, re-check every queue (the lost-wakeup dance), and
 *       stop the M until it is handed a P or the earliest timer is due.</li>
 * </ol>
 */
final class Schedule {
    private Schedule() {}

    static final int YIELD_NONE = 0, YIELD_PARK = 1, YIELD_GOSCHED = 2;

    /** The body of every M thread. */
    static void mstart(M mp) {
        Sched s = mp.sched;
        try {
            P pp = mp.nextp;
            mp.nextp = null;
            if (pp != null) Handoff.acquirep(mp, pp);
            G gp = null;
            while (!s.shutdown && !mp.exiting) {
                if (gp == null) gp = schedule(mp);
                if (gp == null) break;
                gp = afterRun(mp, gp, execute(mp, gp));
            }
        } catch (Throwable t) {
            Fatal.fatal(s, "runtime: internal error on M" + mp.mid + ": " + t, "internal error", t);
        } finally {
            mexit(mp);
        }
    }

    /** The M is leaving: give back its P and stop counting it. */
    private static void mexit(M mp) {
        Sched s = mp.sched;
        if (mp.p != null && !s.shutdown) {
            s.stats.handoffs.incrementAndGet();
            Handoff.handoffp(s, Handoff.releasep(mp));
        }
        if (mp.spinning) {
            mp.spinning = false;
            s.nmspinning.decrementAndGet();
        }
        synchronized (s.allm) {
            s.allm.remove(mp);
        }
        synchronized (s.lock) {
            s.mcount--;
            if (!s.shutdown) Deadlock.checkdead(s);
        }
    }

    /**
     * Finds the next G to run and returns it with {@code mp.p} set (Go's schedule, minus the
     * execute it tail-calls). Returns null when the M must exit.
     */
    static G schedule(M mp) {
        Sched s = mp.sched;
        for (;;) {
            if (s.shutdown || mp.exiting) return null;
            if (mp.lockedg != null) {
                // This M runs only its locked G: wait until someone hands us a P for it.
                if (!Handoff.stoplockedm(mp)) return null;
                mp.inheritTime = false;
                return mp.lockedg;
            }
            if (mp.p == null && !Handoff.stopm(mp, Long.MAX_VALUE)) return null;
            if (mp.p.destroyRequested) {
                Procresize.destroyOwned(mp);
                continue;
            }
            G gp = findRunnable(mp);
            if (gp == null) continue;
            if (mp.spinning) Handoff.resetspinning(mp);
            if (gp.lockedm != null && gp.lockedm != mp) {
                Handoff.startlockedm(mp, gp); // our P goes to the G's M; we stop at the loop top
                continue;
            }
            return gp;
        }
    }

    /**
     * One pass over the sources of work; returns a G, or null when the caller must loop (the M
     * lost its P, went idle and came back, or the runtime is stopping).
     */
    static G findRunnable(M mp) {
        Sched s = mp.sched;
        P pp = mp.p;
        if (pp.timers != TimerSource.NONE) checkTimers(s, pp); // issue 5: timers
        G gp = localOrGlobal(s, mp, pp);
        if (gp != null) return gp;
        // netpoll(0) goes here when a poller exists.
        gp = stealWork(s, mp, pp);
        if (gp != null) return gp;
        return dropP(s, mp, pp);
    }

    /**
     * Runs the timers that are due (Go's checkTimers): first the racy earliest deadline of every P
     * (one opaque read each), and only when one has passed the clock and the heaps' locks. Calling
     * {@code run(System.nanoTime())} on every schedule instead cost a clock read, a lock and the
     * M lookup per goroutine switch once any timer had been used on the P: ping-pong on
     * GOMAXPROCS=1 went from ~270 to ~360 ns after one Time.sleep. A deadline missed by the racy
     * read is seen at the next schedule, or bounds the idle M's sleep, as before.
     */
    private static void checkTimers(Sched s, P pp) {
        long next = earliestTimer(s);
        if (next == Long.MAX_VALUE) return;
        long now = System.nanoTime();
        if (next - now <= 0) pp.timers.run(now);
    }

    private static G localOrGlobal(Sched s, M mp, P pp) {
        mp.inheritTime = false;
        if (pp.schedtick() % 61 == 0 && s.runq.sizeRacy() > 0) {
            G gp;
            synchronized (s.lock) {
                gp = globrunqget(s, pp, 1);
            }
            if (gp != null) return gp;
        }
        G gp = pp.runq.get();
        if (gp != null) {
            mp.inheritTime = pp.runq.inheritTime;
            return gp;
        }
        if (s.runq.sizeRacy() > 0) {
            synchronized (s.lock) {
                return globrunqget(s, pp, 0);
            }
        }
        return null;
    }

    /** Lock held. Takes a batch from the global queue: returns one, puts the rest in pp's queue. */
    static G globrunqget(Sched s, P pp, int max) {
        int size = s.runq.size();
        if (size == 0) return null;
        int n = Math.min(size, size / Math.max(1, s.gomaxprocs) + 1);
        if (max > 0 && n > max) n = max;
        if (n > RunQueue.SIZE / 2) n = RunQueue.SIZE / 2;
        G gp = s.runq.pop();
        for (n--; n > 0; n--) pp.runq.put(s.runq.pop(), false, s);
        return gp;
    }

    /** Steals from other Ps (Go's stealWork), becoming a spinning M first if allowed. */
    private static G stealWork(Sched s, M mp, P pp) {
        int procs = s.gomaxprocs;
        if (procs <= 1) return null;
        if (!mp.spinning) {
            if (2 * s.nmspinning.get() >= procs - s.npidle) return null;
            mp.spinning = true;
            s.nmspinning.incrementAndGet();
        }
        P[] allp = s.allp;
        procs = Math.min(procs, allp.length);
        for (int round = 0; round < 4; round++) {
            boolean stealRunnext = round == 3;
            int start = mp.nextRandom() % procs;
            for (int j = 0; j < procs; j++) {
                P p2 = allp[(start + j) % procs];
                if (p2 == pp || p2.status() != PStatus._Prunning) continue;
                G gp = pp.runq.steal(p2.runq, stealRunnext);
                if (gp == null && stealRunnext) gp = NextG.steal(p2);
                if (gp != null) return gp;
            }
            if (s.runq.sizeRacy() > 0) return null; // the global queue has work: go back for it
        }
        return null;
    }

    /**
     * Nothing to run: give the P back and stop the M (the tail of Go's findRunnable). Returns a G
     * if one turned up while doing so, else null (the caller loops; the M may have a P again).
     */
    private static G dropP(Sched s, M mp, P pp) {
        synchronized (s.lock) {
            if (s.runq.size() != 0) return globrunqget(s, pp, 0);
            if (!pp.runq.isEmpty()) return null; // someone readied a G into our runnext: go again
            Handoff.releasep(mp);
            s.pidleput(pp);
        }
        if (mp.spinning) {
            mp.spinning = false;
            if (s.nmspinning.decrementAndGet() < 0) throw new IllegalStateException("findRunnable: negative nmspinning");
            // The delicate dance: we dropped nmspinning (a full fence); now check every source
            // again, or a G submitted just before the decrement would wait for nobody.
            P p2 = checkRunqsNoP(s);
            if (p2 != null) {
                Handoff.acquirep(mp, p2);
                mp.spinning = true;
                s.nmspinning.incrementAndGet();
                return null;
            }
        }
        Handoff.stopm(mp, earliestTimer(s));
        return null;
    }

    /**
     * With no P: if a running P's queue (or the global queue) has work, take an idle P for it.
     * Only running Ps count, as in Go: an idle P's queue is empty or on its way to an M that will
     * run it, and a spinner cannot steal from it anyway (counting it livelocked a spinner once).
     */
    private static P checkRunqsNoP(Sched s) {
        boolean work = s.runq.sizeRacy() != 0;
        if (!work) {
            P[] allp = s.allp;
            int procs = Math.min(s.gomaxprocs, allp.length);
            for (int i = 0; i < procs; i++) {
                P p2 = allp[i];
                if (p2.status() == PStatus._Prunning && (!p2.runq.isEmpty() || NextG.pending(p2))) {
                    work = true;
                    break;
                }
            }
        }
        if (!work) return null;
        synchronized (s.lock) {
            return s.pidleget();
        }
    }

    /** The earliest pending timer over all Ps (issue 5 hook), or Long.MAX_VALUE. */
    static long earliestTimer(Sched s) {
        long when = Long.MAX_VALUE;
        for (P p2 : s.allp) {
            if (p2.timers != TimerSource.NONE) when = Math.min(when, p2.timers.next());
        }
        return when;
    }

    /**
     * Runs {@code gp} on {@code mp} until it yields or finishes (Go's execute + gogo); returns the
     * continuation it ran. A G's continuation is made here at its first run (not at go: with a
     * million goroutines queued, a million continuations would wait in the heap) and is stored in
     * the G only when the G yields ({@link #afterRun}): a goroutine that runs to completion never
     * writes a young object into its (long-lived, reused) G, which under G1 costs a card-marking
     * barrier with a fence, and a card for the next young GC to scan.
     */
    static G.GCont execute(M mp, G gp) {
        P pp = mp.p;
        mp.curg = gp;
        gp.m = mp;
        if (!mp.inheritTime) pp.incSchedtick();
        GStatus.setgstatus(gp, _Grunnable, _Grunning); // taken off a queue: ours alone
        gp.waitreason = null;
        mp.yieldReason = YIELD_NONE;
        G.GCont c = gp.cont;
        if (c == null) c = new G.GCont(gp);
        c.run();
        return c;
    }

    /**
     * The G has yielded or finished: do what it asked for (Go's park_m, goschedImpl, goexit0).
     * Returns a G to run at once, or null to schedule. (Go's exitsyscall0 has no counterpart: the
     * slow syscall exit waits in place, see Syscalls.)
     */
    static G afterRun(M mp, G gp, G.GCont c) {
        if (c.isDone()) {
            goexit0(mp, gp);
            return null;
        }
        if (gp.cont != c) gp.cont = c; // before the status says it stopped: dumps read it from then on
        int reason = mp.yieldReason;
        mp.yieldReason = YIELD_NONE;
        return switch (reason) {
            case YIELD_PARK -> parkM(mp, gp);
            case YIELD_GOSCHED -> { goschedM(mp, gp); yield null; }
            default -> throw new IllegalStateException("goroutine " + gp.goid + " yielded without a reason");
        };
    }

    /**
     * Moves a G that has just stopped from running to {@code to}. If sysmon took the P meanwhile
     * (the status says syscall), the transition is made from there and the M has no P any more.
     */
    static int stopRunning(G gp, int to) {
        for (;;) {
            int st = gp.status();
            if ((st == _Grunning || st == _Gsyscall) && gp.casStatus(st, to)) return st;
            if ((st & _Gscan) != 0) {
                Thread.onSpinWait();
                continue;
            }
            if (st != _Grunning && st != _Gsyscall) throw GStatus.bad(gp, _Grunning, to, st);
        }
    }

    /**
     * The G has parked. Returns the G it readied last ({@link NextG}) when that can run at once,
     * exactly as {@link #schedule} would have picked it from runnext; else null (schedule).
     */
    private static G parkM(M mp, G gp) {
        stopRunning(gp, _Gwaiting);
        mp.curg = null;
        gp.m = null;
        gp.setParking(false);
        G next = NextG.take(gp); // before unlockf: once unlocked, gp may be readied and run elsewhere
        Runnable unlockf = mp.waitunlockf;
        mp.waitunlockf = null;
        if (unlockf != null) unlockf.run();
        return next != null ? runNext(mp, next) : null;
    }

    /**
     * The fast half of a channel handoff: {@code next} runs on this M now, inheriting the time slice,
     * unless something in schedule() comes first (shutdown, a locked M or G, a P to destroy, the
     * periodic look at the global queue, a G already in runnext), in which case it goes into runnext
     * (kicking that G to the tail, as Go's runnext put would) and schedule() decides.
     */
    private static G runNext(M mp, G next) {
        Sched s = mp.sched;
        P pp = mp.p;
        if (pp == null) {
            NextG.requeue(s, null, next);
            return null;
        }
        if (pp.timers != TimerSource.NONE) checkTimers(s, pp);
        if (s.shutdown || mp.exiting || mp.lockedg != null || pp.destroyRequested || next.lockedm != null
                || pp.runq.runnextRacy() != null || (pp.schedtick() % 61 == 0 && s.runq.sizeRacy() > 0)) {
            NextG.requeue(s, pp, next);
            return null;
        }
        mp.inheritTime = true;
        return next;
    }

    private static void goschedM(M mp, G gp) {
        int from = stopRunning(gp, _Grunnable);
        mp.curg = null;
        gp.m = null;
        Sched s = mp.sched;
        NextG.flushTo(s, mp.p, gp); // runs before gp, as Go's runnext would
        synchronized (s.lock) {
            s.runq.put(gp);
        }
        if (from == _Gsyscall) Handoff.wakep(s);
    }

    /** The goroutine finished (returned, goexit, or panicked and was reported). */
    private static void goexit0(M mp, G gp) {
        Sched s = mp.sched;
        stopRunning(gp, _Gdead);
        mp.curg = null;
        gp.m = null;
        NextG.flushTo(s, mp.p, gp); // before gfput: a reused G must start with an empty slot
        gp.fn = null;
        gp.cont = null;
        gp.waitreason = null;
        gp.preempt = false;
        gp.inBlocking = false;
        gp.locals = null;
        gp.pinned = null;
        if (gp.lockedm == mp) {
            // Go: a goroutine that exits while locked takes its thread with it (its state may be
            // changed for good). The M hands its P off and exits.
            boolean wasLocked = !gp.pinLocked;
            gp.lockedm = null;
            gp.lockedExt = 0;
            gp.pinLocked = false;
            mp.lockedg = null;
            if (wasLocked) mp.exiting = true;
        }
        s.gfput(mp.p, gp);
    }
}
