package dev.handoff.runtime;

import static dev.handoff.runtime.PStatus.*;

import java.util.Arrays;

/**
 * Changing GOMAXPROCS at run time (Go's procresize), without stopping the world.
 *
 * <p>Go stops the world, so every P is idle or in a syscall when it resizes. Here the world keeps
 * running, so each P beyond the new count is destroyed by whoever owns it, as soon as it can be:
 * <ul>
 *   <li>idle on the list: at once, by procresize;</li>
 *   <li>lent to an M in a syscall: procresize takes it (the same CAS protocol as sysmon's retake)
 *       and destroys it; if it misses the moment, sysmon takes it at its next tick;</li>
 *   <li>running: {@code destroyRequested} is set and its G is asked to yield; the owning M
 *       destroys it at its next schedule (a goroutine that never calls the runtime delays this,
 *       as it delays Go's stop-the-world);</li>
 *   <li>handed to an M that has not acquired it yet: that M destroys it at its first schedule.</li>
 * </ul>
 * Destroying moves the P's run queue to the global queue, its free Gs to the global free list, and
 * its timers to P0 (issue 5 hook), then marks it {@code _Pdead}. Growing revives dead Ps (or makes
 * new ones) and puts them on the idle list. All of it runs under the scheduler lock.
 */
final class Procresize {
    private Procresize() {}

    /** Lock held. Sets GOMAXPROCS to {@code n} and returns the previous value. */
    static int procresize(Sched s, int n) {
        int old = s.gomaxprocs;
        P[] allp = s.allp;
        if (n > allp.length) {
            allp = Arrays.copyOf(allp, n);
            for (int i = 0; i < n; i++) if (allp[i] == null) allp[i] = new P(i);
            s.allp = allp;
        }
        s.gomaxprocs = n;
        for (int i = 0; i < n; i++) grow(s, allp[i]);
        for (int i = n; i < allp.length; i++) shrink(s, allp[i]);
        return old;
    }

    private static void grow(Sched s, P pp) {
        pp.destroyRequested = false;
        int st = pp.status();
        if (st == _Pdead) {
            caspstatus(pp, _Pdead, _Pstop);
            st = _Pstop;
        }
        if (st == _Pstop) {
            caspstatus(pp, _Pstop, _Pidle);
            s.pidleput(pp);
        }
    }

    private static void shrink(Sched s, P pp) {
        int st = pp.status();
        if (st == _Pdead) return;
        pp.destroyRequested = true;
        if (st == _Pidle) {
            if (s.pidleremove(pp)) destroyp(s, pp);
            return; // else: in transit to an M, which destroys it
        }
        if (st != _Prunning) return;
        M mp = pp.m();
        G gp = mp != null ? mp.curg : null;
        if (gp == null) return;
        gp.preempt = true;
        if (gp.status() == GStatus._Gsyscall && Syscalls.takeP(pp, mp, gp, GStatus._Gsyscall)) {
            s.stats.retakes.incrementAndGet();
            destroyp(s, pp);
        }
    }

    /** Lock held. Destroys an idle P that nobody owns any more (the caller took it off every list). */
    static void destroyp(Sched s, P pp) {
        caspstatus(pp, _Pidle, _Pstop);
        pp.runq.drainTo(s.runq);
        synchronized (s.gFreeLock) {
            pp.gFree.spillOldest(s.gFree, pp.gFree.count());
            s.gFreeCount = s.gFree.count();
        }
        if (pp.timers != TimerSource.NONE && pp.id != 0) pp.timers.moveTo(s.allp[0]);
        pp.destroyRequested = false;
        caspstatus(pp, _Pstop, _Pdead);
    }

    /** The owning M noticed its P is no longer wanted: destroy it; the M then stops. */
    static void destroyOwned(M mp) {
        Sched s = mp.sched;
        synchronized (s.lock) {
            P pp = mp.p;
            if (!pp.destroyRequested) return; // GOMAXPROCS grew back meanwhile
            Handoff.releasep(mp);
            destroyp(s, pp);
        }
        if (mp.spinning) Handoff.resetspinning(mp);
        Handoff.wakep(s);
    }
}
