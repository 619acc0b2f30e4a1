package dev.handoff.runtime;

import static dev.handoff.runtime.GStatus.*;

/**
 * Looking inside: the goroutine dump (Go's traceback of all goroutines) and schedtrace lines (Go's
 * {@code GODEBUG=schedtrace=1000}). Both read scheduler state racily and never take a lock other
 * than the one that snapshots {@code allgs}, so they are safe to call from anywhere, including a
 * fatal error.
 */
final class Diagnostics {
    private Diagnostics() {}

    /** Every live goroutine: {@code goroutine N [state, wait reason]:}, its stack, and who created it. */
    static String dump(Sched s) {
        StringBuilder b = new StringBuilder();
        for (G gp : s.allgs()) {
            int st = gp.status();
            if ((st & ~_Gscan) == _Gdead || (st & ~_Gscan) == _Gidle) continue;
            b.append("goroutine ").append(gp.goid).append(" [").append(state(gp, st)).append("]:\n");
            for (StackTraceElement e : stack(gp, st)) {
                if (internal(e)) continue;
                b.append('\t').append(e).append('\n');
            }
            if (gp.parentGoid != 0) b.append("created by goroutine ").append(gp.parentGoid).append('\n');
            b.append('\n');
        }
        return b.toString();
    }

    private static String state(G gp, int st) {
        WaitReason r = gp.waitreason;
        String name = (st & ~_Gscan) == _Gwaiting && r != null ? r.label() : GStatus.name(st & ~_Gscan);
        StringBuilder b = new StringBuilder(name);
        if (gp.lockedm != null) b.append(gp.pinLocked ? ", pinned to M" : ", locked to thread M").append(gp.lockedm.mid);
        return b.toString();
    }

    /** An unmounted goroutine's stack comes from its continuation; a mounted one's from its M's thread. */
    private static StackTraceElement[] stack(G gp, int st) {
        try {
            int base = st & ~_Gscan;
            M mp = gp.m;
            boolean mounted = base == _Grunning || base == _Gsyscall || gp.pinLocked;
            if (mounted && mp != null) {
                return mp == Proc.currentM() ? new Throwable().getStackTrace() : mp.getStackTrace();
            }
            G.GCont c = gp.cont;
            if (c != null && !mounted) return c.getStackTrace();
            if (c == null && base == _Grunnable) return new StackTraceElement[0]; // not started: no continuation yet
        } catch (RuntimeException | Error e) {
            // The goroutine moved while we looked.
        }
        return new StackTraceElement[] {new StackTraceElement("(stack unavailable: the goroutine moved while it was dumped)", "", null, -1)};
    }

    private static boolean internal(StackTraceElement e) {
        String c = e.getClassName();
        return c.startsWith("jdk.internal.vm.Continuation") || c.equals(M.class.getName())
                || c.equals(Schedule.class.getName()) || c.startsWith(Proc.class.getName())
                || c.startsWith(G.class.getName()) || c.equals(Diagnostics.class.getName())
                || c.equals(Fatal.class.getName()) || c.equals(Deadlock.class.getName())
                || c.equals(Sched.class.getName()) || c.equals(Syscalls.class.getName())
                || c.equals(Handoff.class.getName());
    }

    /** One schedtrace line, Go's format plus Handoff's counters. */
    static String schedtrace(Sched s, long now) {
        StringBuilder q = new StringBuilder();
        P[] allp = s.allp;
        int procs = Math.min(s.gomaxprocs, allp.length);
        for (int i = 0; i < procs; i++) q.append(i == 0 ? "" : " ").append(allp[i].runq.size());
        int threads, idle, spinning = s.nmspinning.get();
        synchronized (s.lock) {
            threads = s.mcount + 1; // + sysmon, as Go counts it
            idle = s.nmidle;
        }
        Sched.Stats st = s.stats;
        return "SCHED " + (now - s.startNanos) / 1_000_000 + "ms: gomaxprocs=" + s.gomaxprocs
                + " idleprocs=" + s.npidle + " threads=" + threads + " spinningthreads=" + spinning
                + " idlethreads=" + idle + " runqueue=" + s.runq.sizeRacy() + " [" + q + "]"
                + " handoffs=" + st.handoffs.get() + " retakes=" + st.retakes.get()
                + " fastexits=" + s.fastExits() + " slowexits=" + st.slowExits.get()
                + " blockedtakes=" + st.blockedTakes.get() + " pinnedparks=" + st.pinnedParks.get()
                + " preempts=" + st.preemptYields.get();
    }
}
