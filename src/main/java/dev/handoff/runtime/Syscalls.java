package dev.handoff.runtime;

import static dev.handoff.runtime.GStatus.*;
import static dev.handoff.runtime.PStatus._Pidle;
import static dev.handoff.runtime.PStatus._Prunning;


/**
 * The syscall dance (Go's entersyscall, exitsyscall, exitsyscallfast, entersyscallblock; the
 * slow exit is {@code Proc.waitForP}), and {@link #takeP}, the one way a P is taken from an M
 * that is blocked.
 *
 * <h2>Design: Go 1.26's, no {@code _Psyscall}</h2>
 * Go ≤ 1.25 marks the P {@code _Psyscall} on entry, and the exit races sysmon on the P's status:
 * entry = CAS on the G + store on the P; exit = CAS on the P + CAS on the G. Go 1.26 dropped
 * {@code _Psyscall}: the P stays {@code _Prunning} and attached to the M ({@code m.p}), and
 * "this P is lent" is read from the G's status. The G's status word is then the only thing the
 * returning G and a taker race on:
 * <pre>
 *   entersyscall:  CAS g.status  _Grunning -> _Gsyscall          (+ is the P's run queue empty? is sysmon asleep long?
 *                                                                 work queued: stamp the entry time first, see Sysmon)
 *   exitsyscall:   CAS g.status  _Gsyscall -> _Grunning;  m.p != null  =>  done, the P is still ours
 *   taker:         CAS g.status  _Gsyscall -> _Gscansyscall;  m.p = null;  P -> _Pidle;
 *                  store g.status = _Gsyscall;  handoffp(P)
 * </pre>
 * Whoever wins the status CAS decides: if the G wins, no taker can lock it any more and its P is
 * untouched; if a taker wins, the G's CAS fails while the scan bit is held (it waits a few
 * instructions), then succeeds and finds {@code m.p == null}: it tries its old P, then any idle P,
 * and only then the slow path. That is one CAS and a handful of plain stores on each side of the
 * fast path, no allocation and no lock — cheaper here than Go ≤ 1.25's three atomic operations,
 * and simpler: the P never has a state that only makes sense together with a G's. We keep it.
 * (jcstress: {@code ExitsyscallVsRetakeTest} checks that exactly one side gets the P.)
 *
 * <h2>Calls that blocked before</h2>
 * Go hands a P off at entry only where the caller says the call blocks (entersyscallblock); every
 * other syscall waits for sysmon, which needs 20 µs and a timer wake-up, more on a loaded machine.
 * Beyond Go: when a syscall is entered with work on the P, entersyscall notes the trap and the time
 * on the M, and exitsyscall records per trap number whether that call lasted 20 µs or more
 * ({@code Sched.syscallBlocks}). The next call of a trap that blocked, entered with work waiting,
 * hands its P off at once (entersyscallblock), so the work runs after one M wake-up instead of
 * sysmon's look plus one. A call that turns out short pays the slow exit once and is forgotten
 * (its next stamped call records it as short). Calls entered with an empty run queue, the common
 * case and getpid's, pay nothing: the look at the run queue was already there for the stamp.
 *
 * <h2>The slow path waits in place</h2>
 * With no P to be had, Go's {@code mcall(exitsyscall0)} puts the G on the global queue and stops
 * the M. Here the G stays mounted: it goes on the global queue temporarily locked to its M, and
 * the M sleeps until the M that picks the G hands it a P ({@code Proc.waitForP}; Go's
 * startlockedm). Unmounting would be possible (the downcall has returned), but the caller may hold
 * a contended monitor, which a plain continuation must not carry to another thread on JDK 25.
 *
 * <h2>Blocked inside the JDK</h2>
 * A goroutine blocked in a monitor, {@code Object.wait}, {@code Thread.sleep} or socket I/O never
 * told anyone. Sysmon sees it (the M's thread state) and takes the P with the same protocol,
 * locking {@code _Grunning -> _Gscanrunning} instead and leaving the G in {@code _Gsyscall}: at its
 * next runtime call the G finds itself "in a syscall" and exits it like any other. To make that
 * safe, goroutine operations that use the P's run queue lock their own status first
 * ({@code Proc.lockSelf}).
 */
final class Syscalls {
    private Syscalls() {}

    /**
     * The G is about to block in the kernel: its P becomes takeable. One CAS, and a look at the P's
     * run queue: when it has work, the entry time is stamped on the P (one nanoTime) and sysmon is
     * woken if it would otherwise look later than 20 µs from now (see Sysmon, "Syscalls that leave work behind").
     */
    static void entersyscall(M mp, G gp, long trap) {
        if (gp.nextg() != null) flushNextg(mp, gp); // first: the readied G counts as the P's work below
        P pp = mp.p; // read before the CAS: a taker may clear m.p once the G is _Gsyscall
        long when = P.NO_STAMP;
        if (pp != null && !pp.runq.isEmpty()) {
            when = System.nanoTime();
            byte[] blocks = mp.sched.syscallBlocks;
            int t = trap >= 0 && trap < blocks.length ? (int) trap : -1;
            mp.syscallTrap = t;
            mp.syscallStamp = when;
            if (t >= 0 && blocks[t] != 0 && gp.status() == _Grunning) {
                mp.sched.stats.eagerHandoffs.incrementAndGet();
                entersyscallblock(mp, gp); // it blocked last time: do not make the queued work wait for sysmon
                return;
            }
            pp.stampSyscall(when);
        }
        if (!gp.casStatus(_Grunning, _Gsyscall)) {
            entersyscallSlow(gp);
            return;
        }
        Sched s = mp.sched;
        if (when != P.NO_STAMP) s.sysmon.wakeForWork(when);
        else if (s.sysmonSleepingLong) s.sysmon.wakeForSyscall();
    }

    /**
     * A G about to lend its P holds a readied G ({@link NextG}): into the P's runnext, so that a
     * retake hands it off with the P (sysmon's "worth taking" looks at the run queue).
     */
    private static void flushNextg(M mp, G gp) {
        if (gp.status() != _Grunning) return; // no P to give it to; the M deals with it at the G's stop
        mp = Proc.lockSelf(mp, gp);
        NextG.flushTo(mp.sched, mp.p, gp);
        Proc.unlockSelf(gp);
    }

    private static void entersyscallSlow(G gp) {
        for (;;) {
            int st = gp.status();
            if (st == _Gsyscall) return; // the P was already taken (blocked in the JDK before): nothing to lend
            if ((st & _Gscan) != 0) {
                Thread.onSpinWait();
            } else if (st == _Grunning) {
                if (gp.casStatus(_Grunning, _Gsyscall)) return;
            } else {
                throw GStatus.bad(gp, _Grunning, _Gsyscall, st);
            }
        }
    }

    /** A call that lasted this long with work waiting on its P is handed off at entry next time. */
    static final long BLOCKED_NS = 20_000;

    /** exitsyscall's results: kept its own P; its P had been taken and an idle one was free; waited for one. */
    static final int EXIT_FAST = 0, EXIT_IDLE_P = 1, EXIT_SLOW = 2;

    /** The G is back from the kernel: keep the P (one CAS) or find one. Returns how (EXIT_*), for JFR. */
    static int exitsyscall(M mp, G gp) {
        long stamp = mp.syscallStamp;
        if (stamp != 0) { // entered with work on the P: learn whether this call blocks
            mp.syscallStamp = 0;
            int t = mp.syscallTrap;
            if (t >= 0) mp.sched.syscallBlocks[t] = (byte) (System.nanoTime() - stamp >= BLOCKED_NS ? 1 : 0);
        }
        if (exitsyscallfast(mp, gp)) {
            P pp = mp.p;
            pp.incSyscalltick();
            pp.fastExits++;
            return EXIT_FAST;
        }
        return exitsyscallNoP(mp, gp);
    }

    /**
     * The race with takers: one CAS on the G's status, then "is the P still ours?". After it the
     * G is {@code _Grunning}; true when {@code m.p} survived the syscall.
     */
    static boolean exitsyscallfast(M mp, G gp) {
        for (;;) {
            if (gp.casStatus(_Gsyscall, _Grunning)) break;
            int st = gp.status();
            if ((st & _Gscan) != 0) {
                Thread.onSpinWait(); // a taker holds the G for a few instructions
            } else if (st == _Grunning) {
                break;               // not in a syscall: only make sure we hold a P
            } else if (st != _Gsyscall) { // _Gsyscall: the taker let go between our CAS and our read
                throw GStatus.bad(gp, _Gsyscall, _Grunning, st);
            }
        }
        return mp.p != null;
    }

    /**
     * The P was taken: the old P if it is idle, else any idle P (Go's exitsyscallfast), else the
     * slow path, which waits <em>in place</em>: the G goes to the global queue temporarily locked
     * to this M, and the M sleeps until whoever picks the G hands it a P (Go's stoplockedm /
     * startlockedm). Go's exitsyscall0 unmounts the G instead; here that would be wrong, because
     * the caller may hold a contended monitor, and on JDK 25 a plain continuation that unmounts
     * holding an inflated monitor leaves the M as its owner (see the package overview). Go stops
     * the M at this point anyway, so waiting in place costs no extra thread.
     */
    private static int exitsyscallNoP(M mp, G gp) {
        Sched s = mp.sched;
        P pp;
        synchronized (s.lock) {
            P old = mp.oldp;
            pp = old != null && old.status() == _Pidle && s.pidleremove(old) ? old : s.pidleget();
        }
        mp.oldp = null;
        if (pp != null) {
            Handoff.acquirep(mp, pp);
            pp.incSyscalltick();
            s.stats.idlePExits.incrementAndGet();
            return EXIT_IDLE_P;
        }
        s.stats.slowExits.incrementAndGet();
        Proc.waitForP(mp, gp, false);
        return EXIT_SLOW;
    }

    /** Go's entersyscallblock: the caller knows it will block, so the P is handed off at once. */
    static void entersyscallblock(M mp, G gp) {
        for (;;) {
            if (gp.casStatus(_Grunning, _Gscanrunning)) break;
            int st = gp.status();
            if (st == _Gsyscall) return; // already without a P
            if ((st & _Gscan) != 0) Thread.onSpinWait();
            else if (st != _Grunning) throw GStatus.bad(gp, _Grunning, _Gscanrunning, st);
        }
        P pp = mp.p;
        mp.p = null;
        mp.oldp = pp;
        pp.setM(null);
        pp.incSyscalltick();
        PStatus.caspstatus(pp, _Prunning, _Pidle);
        Sched s = mp.sched;
        NextG.flushTo(s, pp, gp); // scan bit held: the slot is ours; it goes with the P
        gp.setStatusRelease(_Gsyscall);
        s.stats.handoffs.incrementAndGet();
        Handoff.handoffp(s, pp);
    }

    /**
     * Takes {@code pp} from {@code mp}, whose G {@code gp} is blocked: in a syscall ({@code expect}
     * = {@code _Gsyscall}) or inside the JDK ({@code _Grunning}, re-checked under the lock). Used by
     * sysmon's retake and by procresize. On success the P is {@code _Pidle}, off every list, owned
     * by the caller; the G is {@code _Gsyscall} and will find {@code m.p == null} when it returns.
     */
    static boolean takeP(P pp, M mp, G gp, int expect) {
        if (!gp.casStatus(expect, expect | _Gscan)) return false;
        if (mp.p != pp || mp.curg != gp || gp.m != mp || (expect == _Grunning && !Sysmon.blockedInJdk(mp))) {
            gp.setStatusRelease(expect);
            return false;
        }
        mp.p = null;
        mp.oldp = pp;
        pp.setM(null);
        pp.incSyscalltick();
        PStatus.caspstatus(pp, _Prunning, _Pidle);
        NextG.flushTo(mp.sched, pp, gp); // scan bit held: a G readied by gp goes with the P
        gp.setStatusRelease(_Gsyscall);
        return true;
    }
}
