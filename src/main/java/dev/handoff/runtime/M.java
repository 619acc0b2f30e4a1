package dev.handoff.runtime;

import dev.handoff.syscall.SchedulerThread;
import jdk.jfr.FlightRecorder;

/**
 * A machine (Go's {@code m}): a platform thread that runs goroutines. The stack below
 * {@code Continuation.run()} is this M's "g0": every scheduler decision that must not run on a
 * goroutine's stack (after a park, gosched, exit, or exitsyscall's slow path) runs there.
 *
 * <p>Fields are owned by the M's own thread unless noted. {@code p}, {@code curg} and
 * {@code nextp} may be written by another thread only as documented: a taker that holds the
 * syscalling G's scan bit clears {@code p}; a thread that hands this M a P sets {@code nextp}
 * before waking {@link #park}. These are plain fields: every cross-thread hand-over is ordered by
 * a CAS on the G status word or by the note's wakeup, and sysmon's racy reads are validated after it
 * locks the G.
 */
final class M extends Thread implements SchedulerThread {
    final Sched sched;
    final long mid;
    /** The goroutine running on this M, or null while the M runs the scheduler. */
    G curg;
    /** The P this M holds, or null. See the class comment for who else may clear it. */
    P p;
    /** A P handed to this M while it sleeps; taken by acquirep on wakeup. */
    P nextp;
    /** The P this M held when its syscall began (exitsyscall tries it first). */
    P oldp;
    /** Looking for work (Go's m.spinning); counted in sched.nmspinning. */
    boolean spinning;
    /** Where this M sleeps when idle or locked. */
    final Note park = new Note(this);
    /** The G locked to this M (LockOSThread, or pinned in a park), or null. */
    G lockedg;
    /** Next M on the idle list; sched lock. */
    M schedlink;
    /** What the G asked for when it yielded (see Proc): one of the YIELD_* codes. */
    int yieldReason;
    /** gopark's unlock function, run on this M after the G yielded. */
    Runnable waitunlockf;
    /** True when the last runqget/globrunqget result inherits the current time slice. */
    boolean inheritTime;
    /** Set when this M is to exit (locked G exited, shutdown). */
    boolean exiting;
    /** Random state for the steal order. */
    int fastrand;
    /** The syscall in progress, when it was entered with work on the P (see Syscalls, "Calls that blocked before"). */
    int syscallTrap = -1;
    /** Its entry time, or 0: set by entersyscall only when the P had work, read and cleared by exitsyscall. */
    long syscallStamp;

    M(Sched sched, long mid) {
        super(null, null, "handoff-m-" + mid, 0, false);
        this.sched = sched;
        this.mid = mid;
        this.fastrand = (int) (mid * 0x9E3779B9L) | 1;
        setDaemon(true);
    }

    @Override
    public void run() {
        Schedule.mstart(this);
    }

    /**
     * Called by {@code Syscall.syscall} before the trap. No-op unless a goroutine is running on the
     * calling thread. {@code this} is not trusted: the caller found it with an inlined
     * {@code Thread.currentThread()}, which C2 may have kept from before the goroutine last moved
     * (see Proc.currentM), so the M is looked up afresh.
     */
    @Override
    public void entersyscall() {
        entersyscall(-1);
    }

    /**
     * The same with the trap number, which the JFR syscall event and the eager handoff of calls that
     * blocked before use. Without a recording the event costs one static volatile read (a plain
     * load on x86) and never touches a JFR class.
     */
    @Override
    public void entersyscall(long trap) {
        M mp = Proc.currentM();
        G gp = mp.curg;
        if (gp == null || gp.inBlocking) return;
        if (FlightRecorder.isInitialized()) Events.beginSyscall(mp, gp, trap);
        Syscalls.entersyscall(mp, gp, trap);
    }

    /** Called by {@code Syscall.syscall} after the trap; {@code this} is not trusted either. */
    @Override
    public void exitsyscall() {
        M mp = Proc.currentM();
        G gp = mp.curg;
        if (gp == null || gp.inBlocking) return;
        Object event = gp.syscallEvent; // null unless a recording enables dev.handoff.Syscall
        int exit = Syscalls.exitsyscall(mp, gp);
        if (event != null) {
            gp.syscallEvent = null;
            Events.endSyscall(event, exit, Proc.currentM());
        }
    }

    int nextRandom() {
        int x = fastrand;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        fastrand = x;
        return x & Integer.MAX_VALUE;
    }
}
