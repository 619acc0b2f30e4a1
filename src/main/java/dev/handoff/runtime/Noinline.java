package dev.handoff.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Every call from the blocking primitives into the scheduler that reads the current M, made so that
 * the JIT can never inline it into the caller (Go's {@code //go:noinline}, done with a MethodHandle
 * held in a non-final field, which C2 does not treat as a constant and so calls out of line).
 *
 * <h2>Why (a real bug, found by the mpmc benchmark)</h2>
 * The runtime finds the M with {@code Thread.currentThread()}. A goroutine's continuation may yield on
 * one M and resume on another, but C2 may load {@code Thread.currentThread()} once per compiled frame
 * and reuse it after a {@code Continuation.yield} made further down (for virtual threads that is sound,
 * their identity never changes; the JDK marks its own carrier-switching code {@code @ChangesCurrentThread},
 * which user code cannot use). Inlined into a hot loop that parks — {@code for (v : ch)}, a semaphore's
 * retry loop — {@code gopark}/{@code goready}/{@code getg} then see the M the goroutine ran on before its
 * last park: "gopark called outside a goroutine", "yielded without a reason", a goready into another
 * M's run queue. Reproduced with C2 only: gone with {@code -XX:TieredStopAtLevel=1} or with
 * {@code -XX:CompileCommand=dontinline} on Proc and Sched.
 *
 * <p>Called out of line, each of these reads the current thread in its own activation, after any
 * yield of its caller. Cost: one indirect call per blocking operation (a few ns). The runtime's own
 * callers of currentThread across yields (Go.gosched in a loop, GoroutineLocal) have the same hazard;
 * that is the runtime's to fix (e.g. with this technique or by not reading the M from the thread).
 */
final class Noinline {
    private Noinline() {}

    // Deliberately not final: a final MethodHandle is a constant that C2 inlines through.
    private static MethodHandle currentGWaiter, gopark, goready, currentP;

    static {
        try {
            var l = MethodHandles.lookup();
            currentGWaiter = l.findStatic(Noinline.class, "currentGWaiter0", MethodType.methodType(GWaiter.class));
            gopark = l.findStatic(Sched.class, "gopark", MethodType.methodType(void.class, Runnable.class, WaitReason.class));
            goready = l.findStatic(Sched.class, "goready", MethodType.methodType(void.class, G.class));
            currentP = l.findStatic(Noinline.class, "currentP0", MethodType.methodType(P.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The calling goroutine's waiter, or null when the caller is not a goroutine. */
    static GWaiter currentGWaiter() {
        try {
            return (GWaiter) currentGWaiter.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void gopark(Runnable unlockf, WaitReason reason) {
        try {
            gopark.invokeExact(unlockf, reason);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void goready(G gp) {
        try {
            goready.invokeExact(gp);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The P of the M this runs on (a goroutine's, or the scheduler's), or null on any other thread. */
    static P currentP() {
        try {
            return (P) currentP.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static GWaiter currentGWaiter0() {
        return Sched.isGoroutine() ? GWaiter.lookup() : null;
    }

    private static P currentP0() {
        M mp = Proc.currentM();
        return mp != null ? mp.p : null;
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        throw new IllegalStateException(t);
    }
}
