package dev.handoff.runtime;

/**
 * Every call from the blocking primitives into the scheduler that reads the current M, made so that
 * the JIT never inlines it into the caller (Go's {@code //go:noinline}).
 *
 * <h2>Why (a real bug, found by the mpmc benchmark)</h2>
 * The runtime finds the M with {@code Thread.currentThread()}. A goroutine's continuation may yield on
 * one M and resume on another, but C2 loads {@code Thread.currentThread()} as immutable memory and may
 * reuse one load after a {@code Continuation.yield} made further down (for virtual threads that is
 * sound, their identity never changes; the JDK marks its own carrier-switching code
 * {@code @ChangesCurrentThread}, which user code cannot use). Inlined into a hot loop that parks —
 * {@code for (v : ch)}, a semaphore's retry loop — {@code gopark}/{@code goready}/{@code getg} then
 * saw the M the goroutine ran on before its last park: "gopark called outside a goroutine", "yielded
 * without a reason", a goready into another M's run queue. Reproduced with C2 only: gone with
 * {@code -XX:TieredStopAtLevel=1} or with {@code -XX:CompileCommand=dontinline} on Proc and Sched.
 * Called out of line, each of these reads the current thread in its own activation, after any yield
 * of its caller. The runtime's own callers of currentThread across yields (a hot loop of
 * {@code Go.gosched()}, GoroutineLocal after a park) have the same hazard; the runtime branch has since
 * made its own M lookup out of line (Proc.currentM through a non-constant MethodHandle). Once that is
 * merged, these entry points can become direct calls again (about 25 ns per ping-pong round trip).
 *
 * <h2>How</h2>
 * Each entry point carries a block of padding behind a flag that is never set, so its bytecode is
 * larger than C2's FreqInlineSize (325 bytes) and C1's MaxInlineSize (35): neither compiler inlines
 * it, and the call is a plain static call. Rejected: a MethodHandle in a non-final field (also never
 * inlined, but the indirect call cost about a fifth of an unbuffered ping-pong round trip in a
 * profile); {@code @DontInline} (honoured only for JDK classes); {@code -XX:CompileCommand} (every
 * user's java command line would need it). NoinlineTest checks the sizes, so an edit cannot silently
 * make one inlinable again.
 */
final class Noinline {
    private Noinline() {}

    /** Never true; not final, so the padding is not dead code to javac or the JIT. */
    static boolean never;
    static int sink;

    /** The calling goroutine's waiter, or null when the caller is not a goroutine. */
    static GWaiter currentGWaiter() {
        if (never) {
            sink = sink * 31 + 0;
            sink = sink * 31 + 1;
            sink = sink * 31 + 2;
            sink = sink * 31 + 3;
            sink = sink * 31 + 4;
            sink = sink * 31 + 5;
            sink = sink * 31 + 6;
            sink = sink * 31 + 7;
            sink = sink * 31 + 8;
            sink = sink * 31 + 9;
            sink = sink * 31 + 10;
            sink = sink * 31 + 11;
            sink = sink * 31 + 12;
            sink = sink * 31 + 13;
            sink = sink * 31 + 14;
            sink = sink * 31 + 15;
            sink = sink * 31 + 16;
            sink = sink * 31 + 17;
            sink = sink * 31 + 18;
            sink = sink * 31 + 19;
            sink = sink * 31 + 20;
            sink = sink * 31 + 21;
            sink = sink * 31 + 22;
            sink = sink * 31 + 23;
            sink = sink * 31 + 24;
            sink = sink * 31 + 25;
            sink = sink * 31 + 26;
            sink = sink * 31 + 27;
            sink = sink * 31 + 28;
            sink = sink * 31 + 29;
            sink = sink * 31 + 30;
            sink = sink * 31 + 31;
        }
        return Sched.isGoroutine() ? GWaiter.lookup() : null;
    }

    static void gopark(Runnable unlockf, WaitReason reason) {
        if (never) {
            sink = sink * 31 + 0;
            sink = sink * 31 + 1;
            sink = sink * 31 + 2;
            sink = sink * 31 + 3;
            sink = sink * 31 + 4;
            sink = sink * 31 + 5;
            sink = sink * 31 + 6;
            sink = sink * 31 + 7;
            sink = sink * 31 + 8;
            sink = sink * 31 + 9;
            sink = sink * 31 + 10;
            sink = sink * 31 + 11;
            sink = sink * 31 + 12;
            sink = sink * 31 + 13;
            sink = sink * 31 + 14;
            sink = sink * 31 + 15;
            sink = sink * 31 + 16;
            sink = sink * 31 + 17;
            sink = sink * 31 + 18;
            sink = sink * 31 + 19;
            sink = sink * 31 + 20;
            sink = sink * 31 + 21;
            sink = sink * 31 + 22;
            sink = sink * 31 + 23;
            sink = sink * 31 + 24;
            sink = sink * 31 + 25;
            sink = sink * 31 + 26;
            sink = sink * 31 + 27;
            sink = sink * 31 + 28;
            sink = sink * 31 + 29;
            sink = sink * 31 + 30;
            sink = sink * 31 + 31;
        }
        Sched.gopark(unlockf, reason);
    }

    static void goready(G gp) {
        if (never) {
            sink = sink * 31 + 0;
            sink = sink * 31 + 1;
            sink = sink * 31 + 2;
            sink = sink * 31 + 3;
            sink = sink * 31 + 4;
            sink = sink * 31 + 5;
            sink = sink * 31 + 6;
            sink = sink * 31 + 7;
            sink = sink * 31 + 8;
            sink = sink * 31 + 9;
            sink = sink * 31 + 10;
            sink = sink * 31 + 11;
            sink = sink * 31 + 12;
            sink = sink * 31 + 13;
            sink = sink * 31 + 14;
            sink = sink * 31 + 15;
            sink = sink * 31 + 16;
            sink = sink * 31 + 17;
            sink = sink * 31 + 18;
            sink = sink * 31 + 19;
            sink = sink * 31 + 20;
            sink = sink * 31 + 21;
            sink = sink * 31 + 22;
            sink = sink * 31 + 23;
            sink = sink * 31 + 24;
            sink = sink * 31 + 25;
            sink = sink * 31 + 26;
            sink = sink * 31 + 27;
            sink = sink * 31 + 28;
            sink = sink * 31 + 29;
            sink = sink * 31 + 30;
            sink = sink * 31 + 31;
        }
        Sched.goready(gp);
    }

    /** The P of the M this runs on (a goroutine's, or the scheduler's), or null on any other thread. */
    static P currentP() {
        if (never) {
            sink = sink * 31 + 0;
            sink = sink * 31 + 1;
            sink = sink * 31 + 2;
            sink = sink * 31 + 3;
            sink = sink * 31 + 4;
            sink = sink * 31 + 5;
            sink = sink * 31 + 6;
            sink = sink * 31 + 7;
            sink = sink * 31 + 8;
            sink = sink * 31 + 9;
            sink = sink * 31 + 10;
            sink = sink * 31 + 11;
            sink = sink * 31 + 12;
            sink = sink * 31 + 13;
            sink = sink * 31 + 14;
            sink = sink * 31 + 15;
            sink = sink * 31 + 16;
            sink = sink * 31 + 17;
            sink = sink * 31 + 18;
            sink = sink * 31 + 19;
            sink = sink * 31 + 20;
            sink = sink * 31 + 21;
            sink = sink * 31 + 22;
            sink = sink * 31 + 23;
            sink = sink * 31 + 24;
            sink = sink * 31 + 25;
            sink = sink * 31 + 26;
            sink = sink * 31 + 27;
            sink = sink * 31 + 28;
            sink = sink * 31 + 29;
            sink = sink * 31 + 30;
            sink = sink * 31 + 31;
        }
        M mp = Proc.currentM();
        return mp != null ? mp.p : null;
    }
}
