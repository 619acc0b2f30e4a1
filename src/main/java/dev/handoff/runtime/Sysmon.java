package dev.handoff.runtime;

import static dev.handoff.runtime.GStatus._Grunning;
import static dev.handoff.runtime.GStatus._Gsyscall;

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
 * 10 ms. Beyond Go: while sysmon sleeps long (≥ {@value #LONG_SLEEP_NS} ns) it raises
 * {@code sched.sysmonSleepingLong}, and the next entersyscall wakes it (one racy read on the fast
 * path). Woken so, sysmon looks at the Ps, sleeps one 20 µs tick and looks again: a syscall still
 * there is a long one and is retaken. So a blocking syscall that starts after an idle period is
 * handed off in about two short ticks instead of Go's up to 10-20 ms. Such wakeups are then
 * ignored for {@value #QUIET_NS} ns (sysmon sleeps at most that long meanwhile), so a stream of
 * short syscalls costs at most one wakeup per millisecond and the worst case stays about 1 ms.
 * (The first version reset the backoff on every such wakeup: sysmon then ticked every 20 µs for
 * as long as short syscalls streamed, and a getpid loop paid for it.) Sysmon's own timer slack is
 * set to 1 ns ({@code prctl(PR_SET_TIMERSLACK)}, via rawSyscall) so that a 20 µs sleep is not 70.
 *
 * <h2>Retake rules (Go's)</h2>
 * A P whose G has stayed in the same syscall ({@code p.syscalltick} unchanged) for a full tick is
 * taken unless its run queue is empty, some M is spinning or some P is idle (so its work would be
 * picked up anyway), and the syscall is younger than 10 ms. The same rule applies to a G blocked
 * inside the JDK (its M's {@link Thread#getState()} is BLOCKED, WAITING or TIMED_WAITING while
 * {@code p.schedtick} has not moved for a tick). Preemption is cooperative: the flag is honoured
 * at the goroutine's next go, goready, gomaxprocs, gosched or park; a loop that calls none of
 * them keeps its P (as in Go ≤ 1.13).
 */
final class Sysmon implements Runnable {
    static final long TICK_MIN_NS = 20_000;
    static final long TICK_MAX_NS = 10_000_000;
    static final long LONG_SLEEP_NS = 500_000;
    static final long FORCE_PREEMPT_NS = 10_000_000;
    static final long QUIET_NS = 1_000_000;
    private static final int PR_SET_TIMERSLACK = 29;

    private final Sched s;
    private final Thread thread;
    private final Note note;
    private final long schedtraceNs;
    private boolean slackSet;

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

    /** entersyscall saw sysmon sleeping long: wake it so the syscall is watched from the next tick. */
    void wakeForSyscall() {
        if (s.sysmonSleepingLong) {
            s.sysmonSleepingLong = false;
            note.wakeup();
        }
    }

    @Override
    public void run() {
        long delay = TICK_MIN_NS;
        int idle = 0;
        boolean probe = false;
        long quietUntil = 0;
        long nextTrace = schedtraceNs > 0 ? System.nanoTime() + schedtraceNs : Long.MAX_VALUE;
        while (!s.shutdown) {
            if (idle == 0) delay = TICK_MIN_NS;
            else if (idle > 50) delay = Math.min(delay * 2, TICK_MAX_NS);
            long now = System.nanoTime();
            boolean armed = now >= quietUntil;
            long sleep = probe ? TICK_MIN_NS : armed ? delay : Math.min(delay, quietUntil - now);
            sleep = Math.max(1, Math.min(sleep, nextTrace - now));
            if (armed && !probe && sleep >= LONG_SLEEP_NS) s.sysmonSleepingLong = true;
            boolean woken = note.sleep(sleep);
            s.sysmonSleepingLong = false;
            note.clear();
            if (s.shutdown) break;
            now = System.nanoTime();
            int n = retake(now) + kick(now);
            if (n > 0) {
                idle = 0;
                probe = false;
            } else if (woken) {
                // A syscall started while we slept long: look once more after one short tick (it is
                // a long one if it is still there), without resetting the backoff, and ignore such
                // wakeups for QUIET_NS so a stream of short syscalls costs one wakeup per QUIET_NS.
                probe = true;
                quietUntil = now + QUIET_NS;
            } else {
                probe = false;
                idle++;
            }
            if (now >= nextTrace) {
                System.err.println(Diagnostics.schedtrace(s, now));
                nextTrace = now + schedtraceNs;
            }
        }
    }

    /** Takes Ps from blocked Ms and flags long runners (Go's retake). Returns how many Ps were taken. */
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
            pp.sysmonSyscalltick = t;
            pp.sysmonSyscallwhen = now;
            return false;
        }
        if (!pp.destroyRequested && !worthTaking(pp, now - pp.sysmonSyscallwhen)) return false;
        if (!Syscalls.takeP(pp, mp, gp, _Gsyscall)) return false;
        s.stats.retakes.incrementAndGet();
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
