package dev.handoff.runtime;

/**
 * A goroutine's status word (Go's {@code g.atomicstatus}, runtime2.go): the constants, who owns
 * what in each state, the one transition table, and the one CAS helper, {@link #casgstatus}.
 *
 * <h2>States</h2>
 * <dl>
 * <dt>{@code _Gidle}</dt>
 * <dd>Just allocated, not yet initialised. Nobody runs it; its continuation does not exist yet.</dd>
 * <dt>{@code _Grunnable}</dt>
 * <dd>On a run queue (a P's ring or {@code runnext}, or the global queue), or in the hands of the
 * M that just took it off one. Not executing; its continuation is unmounted (or, for a G locked to
 * an M, mounted on that M's parked thread). It has no M (except its locked M) and no P.</dd>
 * <dt>{@code _Grunning}</dt>
 * <dd>Executing user code on {@code g.m}, whose thread has the continuation mounted. That M owns a P
 * ({@code m.p != null}) — with one exception: a G that came back from a syscall or a blocking JDK
 * call whose P was taken runs without one until its next runtime call, which takes one back
 * ({@link Syscalls#exitsyscall}). Only the G's own thread and its M change this status, except
 * that sysmon may lock it ({@code _Gscanrunning}) to take the P of a G blocked inside the JDK.</dd>
 * <dt>{@code _Gsyscall}</dt>
 * <dd>In a system call or other blocking call, continuation mounted on {@code g.m}. The M still
 * points at its P ({@code m.p}) until someone takes it: sysmon's retake, procresize, or the G itself
 * ({@code entersyscallblock} hands it off at once). The P is "lent": whoever locks the G first
 * ({@code _Gsyscall -> _Gscansyscall} for a taker, {@code _Gsyscall -> _Grunning} for the returning
 * G) decides whether the P is kept or lost. There is no {@code _Psyscall}: see the package overview.</dd>
 * <dt>{@code _Gwaiting}</dt>
 * <dd>Parked ({@code gopark}) on some data structure that will {@code goready} it; on no run queue,
 * no M, no P. Its continuation is unmounted, unless it was pinned (a native frame or critical
 * section on its stack), in which case its M's thread blocks in its place
 * ({@code g.lockedm} then names that M until it runs again).</dd>
 * <dt>{@code _Gdead}</dt>
 * <dd>Finished (or never used); on a free list for reuse, with no continuation, no M, no P.</dd>
 * <dt>{@code _Gscan} bit</dt>
 * <dd>Set on {@code _Grunning} or {@code _Gsyscall}: the status word is locked by whoever set it.
 * A G sets it on itself ({@code _Grunning -> _Gscanrunning}) around runtime operations that use its
 * P's run queue (go, goready), so that sysmon cannot take the P under its feet; sysmon and procresize
 * set it to take a P ({@code _Gsyscall -> _Gscansyscall}, or {@code _Grunning -> _Gscanrunning} for a
 * G blocked in the JDK). Everyone else who finds the bit set waits (it is held for a few dozen
 * instructions).</dd>
 * </dl>
 *
 * <h2>Transition table</h2>
 * <pre>
 *   _Gidle        -> _Gdead         malg: a new G goes straight to a free list state
 *   _Gdead        -> _Grunnable     newproc: G initialised with a new continuation
 *   _Grunnable    -> _Grunning      execute
 *   _Grunning     -> _Grunnable     gosched (after the yield); preemption and the slow syscall exit
 *                                   (in place: still mounted, queued locked to its waiting M)
 *   _Grunning     -> _Gwaiting      gopark (after the yield; or on the G's stack when pinned)
 *   _Grunning     -> _Gsyscall      entersyscall
 *   _Grunning     -> _Gdead         the goroutine returned or called goexit
 *   _Grunning     -> _Gscanrunning  a G locks itself for a runtime call; sysmon locks a JDK-blocked G;
 *                                   a thief locks a running G to take the G it readied (NextG)
 *   _Gscanrunning -> _Grunning      unlock
 *   _Gscanrunning -> _Gsyscall      entersyscallblock / sysmon took the P of a JDK-blocked G
 *   _Gsyscall     -> _Grunning      exitsyscall (the one CAS of the fast path)
 *   _Gsyscall     -> _Gscansyscall  retake / procresize lock the G to take its P
 *   _Gscansyscall -> _Gsyscall      the P has been detached from the M
 *   _Gsyscall     -> _Gwaiting, _Grunnable, _Gdead
 *                                   the G was on its way out (park, gosched, return) when sysmon
 *                                   took its P; its M finishes the transition without a P
 *   _Gwaiting     -> _Grunnable     goready (a release store: the one waker owns the waiting G)
 * </pre>
 * Nothing else is legal; {@link #casgstatus} throws on anything else, naming both states.
 */
final class GStatus {
    private GStatus() {}

    static final int _Gidle = 0;
    static final int _Grunnable = 1;
    static final int _Grunning = 2;
    static final int _Gsyscall = 3;
    static final int _Gwaiting = 4;
    static final int _Gdead = 6;
    static final int _Gscan = 0x1000;
    static final int _Gscanrunning = _Gscan | _Grunning;
    static final int _Gscansyscall = _Gscan | _Gsyscall;

    /** TABLE[from] is a bit set of legal targets (bit {@code 1 << (to & 0xf)}, plus bit 15 for scan states). */
    private static final int[] TABLE = new int[16 * 2];

    private static void allow(int from, int... tos) {
        for (int to : tos) TABLE[index(from)] |= 1 << bit(to);
    }

    private static int index(int s) { return (s & 0xf) + ((s & _Gscan) != 0 ? 16 : 0); }

    private static int bit(int s) { return (s & 0xf) + ((s & _Gscan) != 0 ? 8 : 0); }

    static {
        allow(_Gidle, _Gdead);
        allow(_Gdead, _Grunnable);
        allow(_Grunnable, _Grunning);
        allow(_Grunning, _Grunnable, _Gwaiting, _Gsyscall, _Gdead, _Gscanrunning);
        allow(_Gscanrunning, _Grunning, _Gsyscall);
        allow(_Gsyscall, _Grunning, _Gscansyscall, _Gwaiting, _Grunnable, _Gdead);
        allow(_Gscansyscall, _Gsyscall);
        allow(_Gwaiting, _Grunnable);
    }

    /** True when {@code from -> to} is in the table. */
    static boolean legal(int from, int to) {
        if ((from & ~(_Gscan | 0xf)) != 0 || (to & ~(_Gscan | 0xf)) != 0) return false;
        return (TABLE[index(from)] & (1 << bit(to))) != 0;
    }

    /**
     * Go's casgstatus: moves {@code gp} from {@code from} to {@code to}. Waits while another thread
     * holds the scan bit. Throws, naming both states and the one found, if the transition is not in
     * the table or the G is in neither {@code from} nor a scan-locked {@code from}.
     */
    static void casgstatus(G gp, int from, int to) {
        if (!legal(from, to)) throw bad(gp, from, to, gp.status());
        for (int spins = 0; ; spins++) {
            if (gp.casStatus(from, to)) return;
            int s = gp.status();
            if (s == from) continue; // a scan-bit holder let go between our CAS and our read
            if (s != (from | _Gscan) || (from & _Gscan) != 0) throw bad(gp, from, to, s);
            Thread.onSpinWait();
        }
    }

    /**
     * For the G's exclusive owner only (a dead G taken off a free list, a runnable G taken off a
     * run queue, a waiting G readied by the one waker that dequeued it: no other thread may change
     * those statuses): checks the transition and the current
     * status like {@link #casgstatus}, then publishes with a release store instead of a CAS. Saves
     * an atomic read-modify-write on the spawn, execute and goready paths.
     */
    static void setgstatus(G gp, int from, int to) {
        int s = gp.status();
        if (s != from || !legal(from, to)) throw bad(gp, from, to, s);
        gp.setStatusRelease(to);
    }

    static IllegalStateException bad(G gp, int from, int to, int found) {
        return new IllegalStateException("casgstatus: goroutine " + gp.goid + ": bad transition "
                + name(from) + " -> " + name(to) + " (status is " + name(found) + ")");
    }

    static String name(int s) {
        String base = switch (s & 0xf) {
            case _Gidle -> "idle";
            case _Grunnable -> "runnable";
            case _Grunning -> "running";
            case _Gsyscall -> "syscall";
            case _Gwaiting -> "waiting";
            case _Gdead -> "dead";
            default -> "bad status " + s;
        };
        return (s & _Gscan) != 0 ? "scan" + base : base;
    }
}
