package dev.handoff.runtime;

/**
 * A processor's status word (Go's {@code p.status}): constants, ownership per state, the one
 * transition table, and the one CAS helper {@link #caspstatus}.
 *
 * <h2>States</h2>
 * <dl>
 * <dt>{@code _Pidle}</dt>
 * <dd>Not running user code: on the idle P list ({@code sched.pidle}), or handed to an M that has
 * not acquired it yet ({@code m.nextp}). Its run queue is empty when it is on the idle list. Owned
 * by the scheduler lock while on the list, by the M it was handed to otherwise.</dd>
 * <dt>{@code _Prunning}</dt>
 * <dd>Owned by {@code p.m}, whose {@code m.p} points back; only that M touches its run queue's tail,
 * its {@code runnext} for puts, its free lists and its counters. The M may be running a G, running
 * the scheduler, or be in a syscall (the G is {@code _Gsyscall}): in the last case the P is lent
 * and a taker may move it to {@code _Pidle} after locking the G (see {@link GStatus}).</dd>
 * <dt>{@code _Pstop}</dt>
 * <dd>Being created or destroyed by procresize, by the thread running it (or by the P's last
 * owner, which saw it was no longer wanted). No M, no G, empty queues once done.</dd>
 * <dt>{@code _Pdead}</dt>
 * <dd>Beyond GOMAXPROCS: owned by nobody, kept in {@code allp} for reuse if GOMAXPROCS grows.</dd>
 * </dl>
 *
 * <h2>Transition table</h2>
 * <pre>
 *   _Pstop    -> _Pidle      procresize made it (new, or revived from _Pdead)
 *   _Pidle    -> _Prunning   acquirep
 *   _Prunning -> _Pidle      releasep / a taker detached it from a syscalling M
 *   _Pidle    -> _Pstop      procresize (or pidleput) destroys a P above GOMAXPROCS
 *   _Prunning -> _Pstop      its owner destroys it at the next schedule point
 *   _Pstop    -> _Pdead      destroy finished (queues moved to the global queue)
 *   _Pdead    -> _Pstop      procresize revives it
 * </pre>
 */
final class PStatus {
    private PStatus() {}

    static final int _Pidle = 0;
    static final int _Prunning = 1;
    // 2 was Go's _Psyscall: gone, as in Go 1.26 (the G's status says "in a syscall").
    static final int _Pstop = 3;
    static final int _Pdead = 4;

    private static final int[] TABLE = new int[5];

    private static void allow(int from, int... tos) {
        for (int to : tos) TABLE[from] |= 1 << to;
    }

    static {
        allow(_Pstop, _Pidle, _Pdead);
        allow(_Pidle, _Prunning, _Pstop);
        allow(_Prunning, _Pidle, _Pstop);
        allow(_Pdead, _Pstop);
    }

    static boolean legal(int from, int to) {
        return from >= 0 && from < TABLE.length && to >= 0 && to < TABLE.length && (TABLE[from] & (1 << to)) != 0;
    }

    /** Moves {@code pp} from {@code from} to {@code to}; throws naming both states (and the one found). */
    static void caspstatus(P pp, int from, int to) {
        if (!legal(from, to) || !pp.casStatus(from, to)) {
            throw new IllegalStateException("caspstatus: P " + pp.id + ": bad transition " + name(from) + " -> "
                    + name(to) + " (status is " + name(pp.status()) + ")");
        }
    }

    static String name(int s) {
        return switch (s) {
            case _Pidle -> "idle";
            case _Prunning -> "running";
            case _Pstop -> "stop";
            case _Pdead -> "dead";
            default -> "bad status " + s;
        };
    }
}
