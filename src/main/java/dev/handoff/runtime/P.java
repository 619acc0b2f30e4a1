package dev.handoff.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A processor (Go's {@code p}): the right to run Go code, GOMAXPROCS of them. Holds the local run
 * queue, the G free list, the tick counters sysmon watches, and the timer hook. States and
 * ownership: {@link PStatus}.
 */
final class P {
    private static final VarHandle STATUS, SYSCALLTICK, SCHEDTICK, M_, SYSCALLWHEN, SYSCALLWHEN_TICK;

    static {
        try {
            var l = MethodHandles.lookup();
            STATUS = l.findVarHandle(P.class, "status", int.class);
            SYSCALLTICK = l.findVarHandle(P.class, "syscalltick", int.class);
            SCHEDTICK = l.findVarHandle(P.class, "schedtick", int.class);
            M_ = l.findVarHandle(P.class, "m", M.class);
            SYSCALLWHEN = l.findVarHandle(P.class, "syscallwhen", long.class);
            SYSCALLWHEN_TICK = l.findVarHandle(P.class, "syscallwhenTick", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int id;
    @SuppressWarnings("unused") private volatile int status;
    final RunQueue runq = new RunQueue(this);
    /** The M that owns it while {@code _Prunning} (opaque accesses: sysmon reads it racily). */
    @SuppressWarnings("unused") private M m;
    /** Next P on the idle list; sched lock. */
    P link;
    /** Incremented on every schedule that does not inherit a time slice (owner; sysmon reads opaque). */
    @SuppressWarnings("unused") private int schedtick;
    /** Incremented on every syscall exit and every take (owner or taker; sysmon reads opaque). */
    @SuppressWarnings("unused") private int syscalltick;
    /**
     * When the current syscall began (System.nanoTime), stamped by entersyscall only when this P had
     * runnable work; it belongs to the syscall numbered {@code syscallwhenTick} (see {@link #syscallwhen}).
     */
    @SuppressWarnings("unused") private long syscallwhen;
    @SuppressWarnings("unused") private int syscallwhenTick = -1;
    /** Set by procresize when this P is beyond the new GOMAXPROCS; its owner destroys it. */
    volatile boolean destroyRequested;

    /** Dead Gs for reuse; owner only. */
    final GFree gFree = new GFree(GFree.LOCAL_MAX);

    /** Goroutine ids reserved by this P (Go's goidcache). */
    long goidcache, goidcacheend;

    /** Timer hook (issue 5): per-P timer heap. {@link TimerSource#NONE} until timers exist. */
    TimerSource timers = TimerSource.NONE;

    /** Counters written by the owner only (summed racily by Diagnostics). */
    long fastExits;

    // sysmon's private view of this P (Go's sysmontick). The ticks start at -1, never a real value, so
    // sysmon's first look at a P only records the time: a P's first syscall is not taken as if it
    // had started at time 0 (Go's sysmontick starts at zero and has that start-up quirk).
    int sysmonSchedtick = -1, sysmonSyscalltick = -1;
    long sysmonSchedwhen, sysmonSyscallwhen;
    /** sysmonSyscallwhen came from entersyscall's stamp (the syscall left work on this P). */
    boolean sysmonStamped;

    P(int id) {
        this.id = id;
        STATUS.setRelease(this, PStatus._Pstop);
    }

    int status() { return (int) STATUS.getAcquire(this); }

    boolean casStatus(int from, int to) { return STATUS.compareAndSet(this, from, to); }

    M m() { return (M) M_.getOpaque(this); }

    void setM(M mp) { M_.setOpaque(this, mp); }

    int syscalltick() { return (int) SYSCALLTICK.getOpaque(this); }

    /** Owner (or a taker that locked the syscalling G) only. */
    void incSyscalltick() { SYSCALLTICK.setOpaque(this, (int) SYSCALLTICK.getOpaque(this) + 1); }

    /** Owner, in entersyscall, before the G's status CAS: the syscall now starting began at {@code when}. */
    void stampSyscall(long when) {
        SYSCALLWHEN.setOpaque(this, when);
        SYSCALLWHEN_TICK.setRelease(this, (int) SYSCALLTICK.getOpaque(this));
    }

    /**
     * Sysmon: the entry stamp of the syscall numbered {@code tick}, or {@link #NO_STAMP}. The tick is
     * read (acquire) before the time, and the owner writes them in the other order, so a matching
     * tick guarantees a time no older than that syscall's entry; a racing newer stamp can only make
     * the syscall look younger (a later retake, never an early one).
     */
    long syscallwhen(int tick) {
        if ((int) SYSCALLWHEN_TICK.getAcquire(this) != tick) return NO_STAMP;
        return (long) SYSCALLWHEN.getOpaque(this);
    }

    static final long NO_STAMP = Long.MIN_VALUE;

    int schedtick() { return (int) SCHEDTICK.getOpaque(this); }

    void incSchedtick() { SCHEDTICK.setOpaque(this, (int) SCHEDTICK.getOpaque(this) + 1); }

    @Override
    public String toString() { return "P" + id + "[" + PStatus.name(status()) + "]"; }
}
