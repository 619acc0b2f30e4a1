package dev.handoff.runtime;

import static dev.handoff.runtime.GStatus._Grunning;
import static dev.handoff.runtime.GStatus._Gsyscall;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import dev.handoff.syscall.Syscall;
import dev.handoff.syscall.SysNum;

/**
 * The system monitor (Go's sysmon): a daemon thread, not an M, that needs no P.
 *
 * <p>Each tick it {@link #retake}s Ps from Ms blocked in syscalls or inside the JDK, asks
 * goroutines that have run for more than 10 ms to yield, starts an M when a timer is overdue and
 * nobody is awake, and prints schedtrace lines ({@code -Dhandoff.schedtrace=MS}).
 *
 * <h2>Ticks</h2>
 * Go's backoff: 20 µs while it finds something to do, then, after 50 idle ticks, doubling up to
 * 10 ms. Sysmon publishes when its current sleep ends ({@link #nextLook}); entersyscall can wake it
 * early in two ways, both beyond Go:
 * <ul>
 *   <li>A syscall that leaves work on its P (next section) wakes it when that next look would come
 *       more than {@value #WAKE_MARGIN_NS} ns after the syscall becomes takeable.</li>
 *   <li>Any other syscall wakes it while it sleeps long (≥ {@value #LONG_SLEEP_NS} ns,
 *       {@code sched.sysmonSleepingLong}: one racy read on the fast path). Woken so, sysmon looks at
 *       the Ps, sleeps one 20 µs tick and looks again (a "probe"): a syscall still there is a long
 *       one, and is retaken if Go's rules allow. So a blocking syscall that starts after an idle
 *       period is handed off in about two short ticks instead of Go's up to 10-20 ms.</li>
 * </ul>
 * A wakeup whose follow-up look takes nothing (the syscall was short) makes sysmon ignore wakeups
 * for {@value #QUIET_NS} ns (it sleeps at most that long meanwhile), so a stream of short syscalls
 * costs at most one wakeup per millisecond and the worst case stays about 1 ms. (The first version
 * reset the backoff on every such wakeup: sysmon then ticked every 20 µs for as long as short
 * syscalls streamed, and a getpid loop paid for it.) Sysmon's own timer slack is set to 1 ns
 * ({@code prctl(PR_SET_TIMERSLACK)}, via rawSyscall) so that a 20 µs sleep is not 70; on this
 * project's 2-core VM it is still about 35 µs (median; {@code parkNanos} and a raw nanosleep alike:
 * the guest's timer wakeup, not the JVM).
 *
 * <h2>Syscalls that leave work behind</h2>
 * Go's rule needs two looks at an unchanged {@code syscalltick} a tick apart, so a syscall is
 * handed off one to two ticks after it starts (40-80 µs here, more once sysmon has backed off),
 * however urgent the work it leaves queued. Here entersyscall looks at its P's run queue first
 * ({@code runnext} and the ring: four plain loads). Empty: nothing more, the getpid fast path is
 * unchanged. Not empty: it stamps the entry time on the P ({@code P.stampSyscall}: one
 * {@code nanoTime}, about 20 ns, paid only then), tagged with the syscall's {@code syscalltick}, and
 * wakes sysmon as above. Sysmon's first look at a stamped syscall ages it from the stamp: 20 µs or
 * older, it is retaken at once (its run queue is not empty, so Go's "worth taking" holds); younger,
 * sysmon sleeps until exactly stamp + 20 µs ({@link #nextRetake}) instead of a full tick, and takes
 * it then. The handoff latency becomes 20 µs + sysmon's timer wakeup + the idle M's wakeup, about
 * 45-50 µs median here, instead of 130 µs and more. A stamp read by sysmon is validated by its tick
 * ({@code P.syscallwhen}); a racing newer stamp only makes a syscall look younger. A syscall without
 * a stamp keeps Go's rule, aged from sysmon's first look: taken once seen in the same syscall for
 * 20 µs. Rejected: stamping every syscall (the nanoTime would be about a seventh of a goroutine's
 * getpid, whose goal is 0.80x Go's, and without local work the stamp buys nothing: whether such a
 * P is worth taking depends on idle Ps and spinning Ms, which two looks judge well enough).
 * Not copied: Go's "sysretake", which takes a syscalling P at the first look when its
 * {@code schedtick} has not moved for 10 ms. In a loop where A readies B into runnext and enters a
 * syscall, A and B share one time slice forever, so Go 1.19 hands every such syscall off at its
 * next 20 µs look (its median handoff latency of 6-20 µs); here the cooperative preemption request
 * is honoured at A's next {@code go}, which moves {@code schedtick}, so the rule would rarely apply.
 *
 * <h2>Retake rules (Go's)</h2>
 * A P whose G has stayed in the same syscall ({@code p.syscalltick} unchanged) for 20 µs (from its
 * entry stamp, or from sysmon's first look) is taken unless its run queue is empty, some M is
 * spinning or some P is idle (so its work would be picked up anyway), and the syscall is younger
 * than 10 ms. The same rule applies to a G blocked inside the JDK (its M's
 * {@link Thread#getState()} is BLOCKED, WAITING or TIMED_WAITING while {@code p.schedtick} has not
 * moved for a tick). Preemption is cooperative: the flag is honoured at the goroutine's next go,
 * goready, gomaxprocs, gosched or park; a loop that calls none of them keeps its P (as in Go ≤ 1.13).
 */
final class Sysmon implements Runnable {
    static final long TICK_MIN_NS = 20_000;
    static final long TICK_MAX_NS = 10_000_000;
    static final long LONG_SLEEP_NS = 500_000;
    static final long FORCE_PREEMPT_NS = 10_000_000;
    static final long QUIET_NS = 1_000_000;
    /** entersyscall wakes sysmon only if its next look would come this much after a syscall becomes takeable. */
    static final long WAKE_MARGIN_NS = 20_000;
    private static final int PR_SET_TIMERSLACK = 29;
    /** {@link #nextLook} and {@link #nextRetake} when there is none: sysmon is awake, or not to be woken. */
    static final long NO_WAKE = Long.MIN_VALUE;
    private static final VarHandle NEXT_LOOK;

    static {
        try {
            NEXT_LOOK = MethodHandles.lookup().findVarHandle(Sysmon.class, "nextLook", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Sched s;
    private final Thread thread;
    private final Note note;
    private final long schedtraceNs;
    private boolean slackSet;
    /** When the current sleep ends (System.nanoTime), or NO_WAKE: read by entersyscall (wakeForWork). */
    @SuppressWarnings("unused") private volatile long nextLook = NO_WAKE;
    /** Sysmon's thread only: the earliest time a syscall with work on its P becomes takeable, or NO_WAKE. */
    private long nextRetake = NO_WAKE;

    Sysmon(Sched s) {
        this.s = s;
        this.thread = new Thread(null, this, "handoff-sysmon", 0, false);
        thread.setDaemon(true);
        this.note = new Note(thread);
        long ms = Long.getLong("handoff.schedtrace", 0L);
        this.schedtraceNs = ms > 0 ? ms * 1_000_000 : 0;
    }

    void start() { thread.start(); }

    /** Wakes sysmon (shutdown). */
    void wake() { note.wakeup(); }

    /** When sysmon's current sleep ends (System.nanoTime), or NO_WAKE while it is awake or not to be woken (tests). */
    long nextLook() { return (long) NEXT_LOOK.getVolatile(this); }

    /** entersyscall saw sysmon sleeping long: wake it so the syscall is watched from the next tick. */
    void wakeForSyscall() {
        if (s.sysmonSleepingLong) {
            s.sysmonSleepingLong = false;
            note.wakeup();
        }
    }

    /**
     * entersyscall stamped a syscall that leaves work on its P at {@code when}: wake sysmon if its
     * next look is more than {@link #WAKE_MARGIN_NS} after the moment the syscall becomes takeable
     * ({@code when + TICK_MIN_NS}). One volatile read when it is not needed; the CAS makes sure one
     * waker per sleep pays for the futex wake.
     */
    void wakeForWork(long when) {
        long at = (long) NEXT_LOOK.getVolatile(this);
        if (at == NO_WAKE || at - when <= TICK_MIN_NS + WAKE_MARGIN_NS) return;
        if (NEXT_LOOK.compareAndSet(this, at, NO_WAKE)) {
            s.stats.sysmonWorkWakes.incrementAndGet();
            note.wakeup();
        }
    }

    @Override
    public void run() {
        long delay = TICK_MIN_NS;
        int idle = 0;
        boolean probe = false, chase = false;
        long quietUntil = 0;
        long nextTrace = schedtraceNs > 0 ? System.nanoTime() + schedtraceNs : Long.MAX_VALUE;
        while (!s.shutdown) {
            if (idle == 0) delay = TICK_MIN_NS;
            else if (idle > 50) delay = Math.min(delay * 2, TICK_MAX_NS);
            long now = System.nanoTime();
            boolean armed = now >= quietUntil;
            long sleep = probe ? TICK_MIN_NS : armed ? delay : Math.min(delay, quietUntil - now);
            if (nextRetake != NO_WAKE) sleep = Math.min(sleep, nextRetake - now);
            sleep = Math.max(1, Math.min(sleep, nextTrace - now));
            if (armed && !probe && sleep >= LONG_SLEEP_NS) s.sysmonSleepingLong = true;
            if (armed) NEXT_LOOK.setVolatile(this, now + sleep);
            boolean woken = note.sleep(sleep);
            NEXT_LOOK.setVolatile(this, NO_WAKE);
            s.sysmonSleepingLong = false;
            note.clear();
            if (s.shutdown) break;
            now = System.nanoTime();
            boolean followUp = woken || probe || chase;
            nextRetake = NO_WAKE;
            int n = retake(now) + kick(now);
            probe = false;
            chase = false;
            if (n > 0) {
                idle = 0;
            } else if (followUp && nextRetake != NO_WAKE) {
                // Woken for a syscall with work that is not 20 µs old yet: look again exactly then.
                chase = true;
            } else if (woken) {
                // A syscall without work started while we slept long: look once more after one short
                // tick (it is a long one if it is still there), without resetting the backoff.
                probe = true;
            } else if (followUp) {
                // The syscall we were woken for was short: ignore such wakeups for QUIET_NS, so a
                // stream of short syscalls costs one wakeup per QUIET_NS.
                quietUntil = now + QUIET_NS;
            } else {
                idle++;
            }
            if (now >= nextTrace) {
                System.err.println(Diagnostics.schedtrace(s, now));
                nextTrace = now + schedtraceNs;
            }
        }
    }

    /**
     * Takes Ps from blocked Ms and flags long runners (Go's retake). Returns how many Ps were taken;
     * sets {@link #nextRetake} when a syscall that leaves work behind becomes takeable later.
     */
    int retake(long now) {
        int n = 0;
        for (P pp : s.allp) {
            if (pp.status() != PStatus._Prunning) continue;
            M mp = pp.m();
            G gp = mp != null ? mp.curg : null;
            if (gp == null) continue;
            int st = gp.status();
            if (st == _Gsyscall) {
                if (retakeSyscall(pp, mp, gp, now)) n++;
            } else if (st == _Grunning) {
                if (watchRunning(pp, mp, gp, now)) n++;
            }
        }
        return n;
    }

    private boolean retakeSyscall(P pp, M mp, G gp, long now) {
        if (!slackSet) setTimerSlack();
        int t = pp.syscalltick();
        if (pp.sysmonSyscalltick != t) {
            // First look at this syscall: it began at its entry stamp if it has one, else "now".
            long when = pp.syscallwhen(t);
            pp.sysmonSyscalltick = t;
            pp.sysmonStamped = when != P.NO_STAMP;
            pp.sysmonSyscallwhen = pp.sysmonStamped && when - now < 0 ? when : now; // stamped after our clock read: age 0
        }
        long blocked = now - pp.sysmonSyscallwhen;
        if (blocked < TICK_MIN_NS) {
            if (!pp.runq.isEmpty()) {
                long at = pp.sysmonSyscallwhen + TICK_MIN_NS;
                if (nextRetake == NO_WAKE || at - nextRetake < 0) nextRetake = at;
            }
            return false;
        }
        if (!pp.destroyRequested && !worthTaking(pp, blocked)) return false;
        if (!Syscalls.takeP(pp, mp, gp, _Gsyscall)) return false;
        s.stats.retakes.incrementAndGet();
        if (pp.sysmonStamped) s.stats.stampedRetakes.incrementAndGet();
        Handoff.handoffp(s, pp);
        Events.retake(pp.id, gp.goid, false);
        return true;
    }

    /**
     * Sets this thread's timer slack to 1 ns, so 20 µs ticks are 20 µs. Done at the first syscall
     * sysmon sees (Syscall is initialised by then: doing it at start would cost every runtime the
     * FFM set-up, about 100 ms on a cold JVM, on sysmon's thread).
     */
    private void setTimerSlack() {
        slackSet = true;
        if (SysNum.SYS_PRCTL != SysNum.NONE) Syscall.rawSyscall(SysNum.SYS_PRCTL, PR_SET_TIMERSLACK, 1, 0);
    }

    /** A running G: flag it after 10 ms; take its P if its thread is blocked inside the JDK. */
    private boolean watchRunning(P pp, M mp, G gp, long now) {
        int t = pp.schedtick();
        if (pp.sysmonSchedtick != t) {
            pp.sysmonSchedtick = t;
            pp.sysmonSchedwhen = now;
            return false;
        }
        long ran = now - pp.sysmonSchedwhen;
        if (ran >= FORCE_PREEMPT_NS && !gp.preempt) {
            gp.preempt = true;
            s.stats.preemptRequests.incrementAndGet();
        }
        if (!blockedInJdk(mp) || !(pp.destroyRequested || gp.nextg() != null || worthTaking(pp, ran))) return false;
        if (!Syscalls.takeP(pp, mp, gp, _Grunning)) return false;
        s.stats.blockedTakes.incrementAndGet();
        Handoff.handoffp(s, pp);
        Events.retake(pp.id, gp.goid, true);
        return true;
    }

    /** Go's rule: take when there is local work, or nobody else could pick work up, or it has been 10 ms. */
    private boolean worthTaking(P pp, long blockedFor) {
        return !pp.runq.isEmpty() || s.nmspinning.get() + s.npidle == 0 || blockedFor >= TICK_MAX_NS;
    }

    /** True when the M's thread is blocked or waiting inside the JDK (not in a downcall, not running). */
    static boolean blockedInJdk(M mp) {
        Thread.State st = mp.getState();
        return st == Thread.State.BLOCKED || st == Thread.State.WAITING || st == Thread.State.TIMED_WAITING;
    }

    /**
     * Safety nets: an overdue timer with every P idle (issue 5 hook), or queued work with every P
     * idle and no M spinning, gets an M started.
     */
    private int kick(long now) {
        if (s.npidle != s.gomaxprocs || s.nmspinning.get() != 0) return 0;
        boolean work = s.runq.sizeRacy() > 0 || Schedule.earliestTimer(s) <= now;
        if (!work) return 0;
        Handoff.wakep(s);
        return 1;
    }
}
