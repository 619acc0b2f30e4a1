package dev.handoff.runtime;

import static dev.handoff.runtime.GStatus.*;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import jdk.internal.vm.Continuation;

/**
 * Goroutine operations made by goroutines (Go's newproc, gopark, goready, Gosched, Goexit,
 * LockOSThread): the "user stack" half. Each one that touches the P's run queue first locks the
 * calling G's status ({@code _Grunning -> _Gscanrunning}, {@link #lockSelf}) so that sysmon cannot
 * take the P in the middle; a G whose P was taken while it was blocked in the JDK takes one back
 * first, exactly as exitsyscall does.
 */
final class Proc {
    private Proc() {}

    /** Unwinds a goroutine's stack for goexit (finally blocks run, as Go runs deferred calls). */
    static final class Goexit extends Error {
        private Goexit() { super("goexit", null, false, false); }
    }

    static final Goexit GOEXIT = new Goexit();

    /** The continuation body of every goroutine. */
    static void goroutineBody(G gp) {
        try {
            gp.fn.run();
        } catch (Goexit e) {
            // runtime.Goexit: the goroutine ends normally.
        } catch (Throwable e) {
            Fatal.goroutinePanic(gp, e);
        }
    }

    /*
     * Where am I? Not Thread.currentThread() inline.
     *
     * C2 treats the current thread as invariant within a compiled frame: it keeps the value of
     * Thread.currentThread() across a call, including Continuation.yield. A virtual thread never
     * notices (its currentThread() is the virtual thread, which does not change); a goroutine does:
     * after it yields on M1 and resumes on M2, a hot loop that inlined the runtime would still see
     * M1 (measured: 89% stale reads in a loop that yields and reads currentThread, once compiled).
     * So every goroutine-side lookup goes through a MethodHandle held in a non-final field: C2
     * cannot inline through a non-constant handle, so the lookup is a real call that reads the
     * thread register afresh (about 3 ns; zero stale reads in the same test). This is the only
     * such read on goroutine paths (CurrentThreadTest), so gopark, goready and getg themselves may
     * be inlined into any caller's loop.
     */
    @SuppressWarnings("FieldMayBeFinal") // must NOT be final: a constant handle would be inlined
    private static MethodHandle currentThread = currentThreadHandle();

    private static MethodHandle currentThreadHandle() {
        try {
            return MethodHandles.lookup().findStatic(Thread.class, "currentThread", MethodType.methodType(Thread.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The M running the caller, read afresh (see above); null on a plain thread. */
    static M currentM() {
        try {
            return (Thread) currentThread.invokeExact() instanceof M mp ? mp : null;
        } catch (Throwable e) {
            throw new InternalError(e);
        }
    }

    /** True on a virtual thread (read through the same uninlinable handle as {@link #currentM}). */
    static boolean onVirtualThread() {
        try {
            return ((Thread) currentThread.invokeExact()).isVirtual();
        } catch (Throwable e) {
            throw new InternalError(e);
        }
    }

    /** The P of the M the caller runs on (a goroutine's, or the scheduler's), or null on any other thread. */
    static P currentP() {
        M mp = currentM();
        return mp != null ? mp.p : null;
    }

    /**
     * Locks the running G's status so its P cannot be taken (see class comment); returns the M it
     * is on (it may have changed if a P had to be taken back), with {@code m.p} set.
     */
    static M lockSelf(M mp, G gp) {
        for (;;) {
            if (gp.casStatus(_Grunning, _Gscanrunning)) {
                if (mp.p == null) throw new IllegalStateException("goroutine " + gp.goid + " is running without a P");
                return mp;
            }
            int st = gp.status();
            if ((st & _Gscan) != 0) {
                Thread.onSpinWait();
            } else if (st == _Gsyscall) {
                Syscalls.exitsyscall(mp, gp); // the P was taken while we were blocked in the JDK
                mp = currentM();
            } else if (st != _Grunning) { // _Grunning: sysmon locked and let go between our CAS and read
                throw GStatus.bad(gp, _Grunning, _Gscanrunning, st);
            }
        }
    }

    static void unlockSelf(G gp) {
        gp.setStatusRelease(_Grunning);
    }

    // ---- go ----------------------------------------------------------------------------------

    /** Go's newproc: creates a goroutine running {@code fn} and makes it runnable. */
    static G newproc(Runnable fn) {
        if (fn == null) throw new NullPointerException("go: the goroutine's function is null");
        M mp = currentM();
        if (mp != null) {
            G cur = mp.curg;
            if (cur != null && !cur.inBlocking) return newprocFromG(mp, cur, fn);
            if (cur == null && mp.p != null) return newprocOnP(mp.sched, mp.p, fn, 0); // scheduler context
        }
        Sched s = mp != null ? mp.sched : Sched.current;
        if (s == null) {
            throw new IllegalStateException("no Handoff runtime is running: start one with Go.main(...) or Go.start()");
        }
        s.checkAlive();
        G newg = s.gfget(null);
        if (newg == null) newg = s.malg();
        init(newg, fn, s.goidgen.getAndIncrement(), mp != null && mp.curg != null ? mp.curg.goid : 0);
        synchronized (s.lock) {
            s.runq.put(newg);
        }
        Handoff.wakep(s);
        return newg;
    }

    private static G newprocFromG(M mp, G cur, Runnable fn) {
        Sched s = mp.sched;
        if (s.shutdown) s.checkAlive();
        mp = lockSelf(mp, cur);
        NextG.flushTo(s, mp.p, cur); // as in goready: the new G goes to runnext, the readied one behind it
        G newg = newprocOnP(s, mp.p, fn, cur.goid);
        unlockSelf(cur);
        Handoff.wakep(s);
        if (cur.preempt) preemptInPlace(mp, cur);
        return newg;
    }

    /** Owner of {@code pp}. Allocates, initialises and queues (into runnext, as Go does) a new G. */
    private static G newprocOnP(Sched s, P pp, Runnable fn, long parent) {
        G newg = s.gfget(pp);
        if (newg == null) newg = s.malg();
        if (pp.goidcache == pp.goidcacheend) {
            pp.goidcache = s.goidgen.getAndAdd(Sched.GOID_BATCH);
            pp.goidcacheend = pp.goidcache + Sched.GOID_BATCH;
        }
        init(newg, fn, pp.goidcache++, parent);
        pp.runq.put(newg, true, s);
        return newg;
    }

    private static void init(G newg, Runnable fn, long goid, long parent) {
        newg.goid = goid;
        newg.fn = fn;
        newg.parentGoid = parent;
        GStatus.setgstatus(newg, _Gdead, _Grunnable); // ours alone until the run queue publishes it
    }

    // ---- gopark / goready --------------------------------------------------------------------

    /**
     * Parks the calling goroutine (Go's gopark). {@code unlockf} (may be null) runs after the
     * goroutine has stopped, on its M, so a goready racing with the park cannot run it early.
     */
    static void gopark(Runnable unlockf, WaitReason reason) {
        M mp = currentM();
        G gp = mp != null ? mp.curg : null;
        if (gp == null) throw new IllegalStateException("gopark called outside a goroutine");
        gopark(mp, gp, unlockf, reason);
    }

    /**
     * gopark for a caller that already knows its G and that G's M ({@code gp.m}: set by execute
     * before the continuation runs, so it is the current M for as long as the G runs). Saves
     * the M lookup ({@link #currentM}) on the channel paths, which found the G already.
     */
    static void gopark(M mp, G gp, Runnable unlockf, WaitReason reason) {
        gp.inBlocking = false; // parking inside Go.blocking ends the blocking section
        gp.waitreason = reason != null ? reason : WaitReason.PARKED;
        mp.waitunlockf = unlockf;
        mp.yieldReason = Schedule.YIELD_PARK;
        gp.setParking(true);
        if (!Continuation.yield(G.SCOPE)) parkPinned(mp, gp, unlockf);
    }

    /**
     * The continuation could not unmount (a native frame or critical section on its stack): the
     * G keeps this M's thread, which blocks in its place after handing its P off; the G becomes
     * (temporarily) locked to this M so that whoever readies it hands this M a P.
     */
    private static void parkPinned(M mp, G gp, Runnable unlockf) {
        Sched s = mp.sched;
        s.stats.pinnedParks.incrementAndGet();
        mp.yieldReason = Schedule.YIELD_NONE;
        mp.waitunlockf = null;
        if (gp.lockedm == null) {
            gp.lockedm = mp;
            mp.lockedg = gp;
            gp.pinLocked = true;
        }
        Schedule.stopRunning(gp, _Gwaiting);
        gp.setParking(false);
        NextG.flushTo(s, mp.p, gp); // stopped: the slot is ours; into the P before it is handed off
        if (mp.p != null) {
            s.stats.handoffs.incrementAndGet();
            Handoff.handoffp(s, Handoff.releasep(mp));
        }
        if (unlockf != null) unlockf.run();
        waitInPlace(mp, gp);
    }

    /**
     * The G must give up (or get) a P but must not unmount: it goes on the global queue, locked to
     * this M for the moment, and the M sleeps in its place until the M that picks the G hands it a
     * P (Go's startlockedm). Used for the slow syscall exit (the M holds no P) and for preemption
     * ({@code handOff}: the M hands its P off first). Unmounting here would be wrong if the caller
     * holds a contended monitor (see the package overview); these yields are invisible to the
     * caller, so they never unmount.
     */
    static void waitForP(M mp, G gp, boolean handOff) {
        Sched s = mp.sched;
        if (gp.lockedm == null) {
            gp.lockedm = mp;
            mp.lockedg = gp;
            gp.pinLocked = true;
        }
        P pp = null;
        synchronized (s.lock) {
            if (!handOff) pp = s.pidleget();
            if (pp == null) {
                Schedule.stopRunning(gp, _Grunnable); // (from _Gsyscall if sysmon just took our P)
                G x = NextG.take(gp); // stopped: the slot is ours
                if (x != null) {
                    if (handOff && mp.p != null) mp.p.runq.put(x, true, s); // goes with the P
                    else s.runq.put(x);
                }
                s.runq.put(gp);
            }
        }
        if (pp != null) {
            Handoff.acquirep(mp, pp);
            unpin(mp, gp);
            return;
        }
        if (handOff && mp.p != null) {
            Handoff.handoffp(s, Handoff.releasep(mp)); // the global queue is not empty: an M takes it
        } else {
            Handoff.wakep(s);
        }
        waitInPlace(mp, gp);
    }

    private static void unpin(M mp, G gp) {
        if (gp.pinLocked) {
            gp.pinLocked = false;
            gp.lockedm = null;
            mp.lockedg = null;
        }
    }

    /** A pinned G's M sleeps until someone hands it a P for the G, then the G runs on. */
    static void waitInPlace(M mp, G gp) {
        Sched s = mp.sched;
        synchronized (s.lock) {
            if (!s.shutdown) {
                s.nmidlelocked++;
                Deadlock.checkdead(s);
            }
        }
        mp.park.sleep();
        mp.park.clear();
        while (s.shutdown) java.util.concurrent.locks.LockSupport.park(s); // the runtime is gone
        P pp = mp.nextp;
        mp.nextp = null;
        Handoff.acquirep(mp, pp);
        pp.incSchedtick();
        casgstatus(gp, _Grunnable, _Grunning);
        gp.waitreason = null;
        gp.m = mp;
        mp.curg = gp;
        unpin(mp, gp);
    }

    /**
     * Makes a parked G runnable (Go's goready): into the current P's runnext when called on an M
     * that owns a P, else into the global queue; then wakes an M if Ps are idle.
     */
    static void goready(G gp) {
        if (gp == null) throw new NullPointerException("goready: null goroutine");
        awaitWaiting(gp);
        // The waker that dequeued gp's Sudog (or holds gp by some other one-ready-per-park
        // protocol) is the only thread that may move a waiting G: a release store, not a CAS.
        GStatus.setgstatus(gp, _Gwaiting, _Grunnable);
        M mp = currentM();
        if (mp != null) {
            Sched s = mp.sched;
            G cur = mp.curg;
            if (cur == null && mp.p != null) { // scheduler context (an unlockf, a timer)
                mp.p.runq.put(gp, true, s);
                Handoff.wakep(s);
                return;
            }
            if (cur != null && !cur.inBlocking && cur.status() == _Grunning) {
                if (!NextG.put(mp, cur, gp)) {
                    mp = lockSelf(mp, cur);
                    NextG.flushTo(s, mp.p, cur); // the older one first: gp, put next, kicks it to the tail
                    mp.p.runq.put(gp, true, s);
                    unlockSelf(cur);
                }
                Handoff.wakep(s);
                if (cur.preempt) preemptInPlace(mp, cur);
                return;
            }
        }
        Sched s = mp != null ? mp.sched : Sched.current;
        if (s == null) throw new IllegalStateException("goready: no Handoff runtime is running");
        synchronized (s.lock) {
            s.runq.put(gp);
        }
        Handoff.wakep(s);
    }

    /** Waits out a G that has announced a park but not yet stopped (only possible without unlockf). */
    private static void awaitWaiting(G gp) {
        for (;;) {
            int st = gp.status();
            if (st == _Gwaiting) return;
            if (gp.parking() && (st == _Grunning || st == _Gsyscall || (st & _Gscan) != 0)) {
                Thread.onSpinWait();
                continue;
            }
            // The park may have completed between the two reads (status, then parking): look again.
            if (gp.status() == _Gwaiting) return;
            throw new IllegalStateException("goready: goroutine " + gp.goid + " is not waiting (status "
                    + GStatus.name(st) + ")");
        }
    }

    // ---- gosched / goexit --------------------------------------------------------------------

    /** Yields the P: the G goes to the global queue (Go's Gosched). A plain thread just yields. */
    static void gosched() {
        M mp = currentM();
        G gp = mp != null ? mp.curg : null;
        if (gp == null || gp.inBlocking) {
            Thread.yield();
            return;
        }
        mp.sched.checkAlive();
        gp.preempt = false;
        mp.yieldReason = Schedule.YIELD_GOSCHED;
        if (!Continuation.yield(G.SCOPE)) {
            mp.yieldReason = Schedule.YIELD_NONE; // pinned: cannot leave this thread; keep running
        }
    }

    /**
     * Honours a preemption request at an implicit runtime call (go, goready, gomaxprocs): the P
     * goes to another M and the G queues behind the others, without unmounting (the caller may be
     * inside a synchronized block). Only explicit gosched and gopark unmount.
     */
    static void preemptInPlace(M mp, G gp) {
        gp.preempt = false;
        if (mp.p == null || gp.status() != _Grunning) return;
        mp.sched.stats.preemptYields.incrementAndGet();
        waitForP(mp, gp, true);
    }

    static void goexit() {
        if (Sched.getg() == null) throw new IllegalStateException("goexit called outside a goroutine");
        throw GOEXIT;
    }

    // ---- LockOSThread ------------------------------------------------------------------------

    static void lockOSThread() {
        M mp = currentM();
        G gp = mp != null ? mp.curg : null;
        if (gp == null) throw new IllegalStateException("lockOSThread called outside a goroutine");
        if (gp.lockedExt++ == 0) {
            gp.lockedm = mp;
            mp.lockedg = gp;
        }
    }

    static void unlockOSThread() {
        M mp = currentM();
        G gp = mp != null ? mp.curg : null;
        if (gp == null) throw new IllegalStateException("unlockOSThread called outside a goroutine");
        if (gp.lockedExt == 0) throw new IllegalStateException("unlockOSThread called without lockOSThread");
        if (--gp.lockedExt == 0) {
            gp.lockedm = null;
            mp.lockedg = null;
        }
    }
}
