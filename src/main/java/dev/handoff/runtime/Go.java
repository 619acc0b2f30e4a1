package dev.handoff.runtime;

import dev.handoff.syscall.Access;

/**
 * Goroutines for Java, read the way Go reads: with {@code import static dev.handoff.runtime.Go.*}
 * <pre>{@code
 *   Go.main(() -> {
 *       gomaxprocs(4);
 *       go(() -> work());
 *       gosched();
 *   });
 * }</pre>
 * ({@code Go.main} is called qualified: a class's own {@code main(String[])} hides a static import
 * of the same name.)
 *
 * <h2>Lifecycle</h2>
 * {@link #main} starts a runtime, runs its argument as goroutine 1, and returns (or throws) when
 * it returns; then the runtime shuts down, as a Go program ends when {@code main} returns.
 * {@link #start}/{@link #shutdown} run a background runtime instead, for code that spawns
 * goroutines from plain threads (benchmarks, servers). Calls after shutdown throw
 * IllegalStateException; a new {@link #main} starts a new runtime.
 *
 * <h2>What Java means inside a goroutine</h2>
 * A goroutine is not a {@link Thread}. {@code Thread.currentThread()} inside one is the M (a
 * platform thread) it happens to run on, and changes when the goroutine moves; so do thread-locals
 * — use {@link GoroutineLocal} for per-goroutine values. {@code synchronized} works (JDK 25 lets a
 * continuation yield while holding a monitor), but a goroutine that blocks on a contended monitor,
 * {@code Object.wait}, {@code Thread.sleep} or plain socket I/O blocks its M: sysmon notices within
 * a tick or two and hands its P to another M, so the other goroutines go on, at the cost of a
 * thread. Prefer {@link #blocking} for blocking Java code (the P is handed off at once), and
 * {@code Syscall.syscall} for system calls (handed off only if the call is slow).
 *
 * <h2>Failure</h2>
 * A goroutine that throws is reported ("panic: ...", its id and stack) and, as in Go, ends the
 * program: {@link #main} throws {@link FatalError}. {@link #setUncaughtExceptionHandler} changes
 * that. Deadlock (every goroutine parked, nothing that could wake one) ends it too, with Go's
 * message and a dump of every goroutine.
 */
public final class Go {
    private Go() {}

    /** Receives exceptions thrown out of goroutines (other than the main one) instead of ending the program. */
    @FunctionalInterface
    public interface UncaughtExceptionHandler {
        void uncaught(long goid, Throwable e);
    }

    /** Blocking code for {@link #blocking}: may throw checked exceptions, which blocking rethrows. */
    @FunctionalInterface
    public interface BlockingCall<T, X extends Throwable> {
        T call() throws X;
    }

    /** Starts a goroutine running {@code fn} (Go's {@code go fn()}). Returns its handle (see {@link G#id()}). */
    public static G go(Runnable fn) {
        return Proc.newproc(fn);
    }

    /** Yields the processor, letting other goroutines run (runtime.Gosched). On a plain thread, Thread.yield. */
    public static void gosched() {
        Proc.gosched();
    }

    /** Ends the calling goroutine after running its finally blocks (runtime.Goexit). */
    public static void goexit() {
        Proc.goexit();
    }

    /** Wires the calling goroutine to its current platform thread until {@link #unlockOSThread} (nests). */
    public static void lockOSThread() {
        Proc.lockOSThread();
    }

    /** Undoes one {@link #lockOSThread}; throws if the goroutine is not locked. */
    public static void unlockOSThread() {
        Proc.unlockOSThread();
    }

    /**
     * Sets GOMAXPROCS to {@code n} and returns the previous value; {@code gomaxprocs(0)} only
     * queries. Works while goroutines run and sit in syscalls (Ps beyond {@code n} stop at their
     * owner's next scheduling point).
     */
    public static int gomaxprocs(int n) {
        if (n < 0) throw new IllegalArgumentException("gomaxprocs: n must be >= 1 (or 0 to query), got " + n);
        Sched s = runtimeOrNull();
        if (s == null) {
            if (n == 0) return defaultProcs();
            throw new IllegalStateException("gomaxprocs: no Handoff runtime is running: start one with Go.main(...) or Go.start()");
        }
        if (n == 0) return s.gomaxprocs;
        s.checkAlive();
        int old;
        synchronized (s.lock) {
            old = Procresize.procresize(s, n);
        }
        for (int i = old; i < n; i++) Handoff.wakep(s);
        M mp = Proc.currentM();
        if (mp != null && mp.curg != null && mp.p != null && mp.p.destroyRequested) Proc.gosched();
        return old;
    }

    /** How many goroutines exist (approximate while they are being created or finishing). */
    public static int numGoroutine() {
        Sched s = runtimeOrNull();
        return s == null ? 0 : s.gcount();
    }

    /** The calling goroutine's id, or 0 on a plain thread. */
    public static long goid() {
        G gp = Sched.getg();
        return gp == null ? 0 : gp.goid;
    }

    /**
     * Runs blocking Java code from a goroutine without holding a processor: the P is handed to
     * another M at once (Go's entersyscallblock, Tokio's block_in_place), and taken back (or
     * waited for) when {@code call} returns. On a plain thread, just runs it.
     */
    public static <T, X extends Throwable> T blocking(BlockingCall<T, X> call) throws X {
        M mp = Proc.currentM();
        G gp = mp != null ? mp.curg : null;
        if (gp == null || gp.inBlocking) return call.call();
        mp.sched.checkAlive();
        Events.handoff(mp.p != null ? mp.p.id : -1, gp.goid);
        Syscalls.entersyscallblock(mp, gp);
        gp.inBlocking = true;
        try {
            return call.call();
        } finally {
            if (gp.inBlocking) { // a gopark inside ends the section early
                gp.inBlocking = false;
                Syscalls.exitsyscall((M) Thread.currentThread(), gp);
            }
        }
    }

    /** Installs a handler for exceptions escaping goroutines (null restores Go's behaviour: the program ends). */
    public static void setUncaughtExceptionHandler(UncaughtExceptionHandler h) {
        Sched s = runtimeOrNull();
        if (s == null) throw new IllegalStateException("no Handoff runtime is running");
        s.uncaughtHandler = h;
    }

    /** A dump of every live goroutine (id, state, wait reason, stack), as Go prints on a crash. */
    public static String dump() {
        Sched s = runtimeOrNull();
        return s == null ? "" : Diagnostics.dump(s);
    }

    /** One schedtrace line (GODEBUG=schedtrace format plus Handoff's handoff counters). */
    public static String schedtrace() {
        Sched s = runtimeOrNull();
        if (s == null) throw new IllegalStateException("no Handoff runtime is running");
        return Diagnostics.schedtrace(s, System.nanoTime());
    }

    /**
     * Runs {@code fn} as the main goroutine (goroutine 1) of a new runtime and returns when it
     * returns; then the runtime shuts down. Rethrows what the main goroutine threw; throws
     * {@link FatalError} if the program died (another goroutine's exception, deadlock, thread
     * exhaustion).
     */
    public static void main(Runnable fn) {
        if (fn == null) throw new NullPointerException("Go.main: the main function is null");
        if (Proc.currentM() != null) throw new IllegalStateException("Go.main called from a goroutine");
        Sched s = newRuntime();
        s.mainRunning = true;
        Runnable mainBody = () -> {
            try {
                fn.run();
            } catch (Proc.Goexit e) {
                // main called goexit: the program ends here
            } catch (Throwable e) {
                s.mainPanic = e;
            } finally {
                s.mainRunning = false;
                s.done.countDown();
            }
        };
        Proc.newproc(mainBody);
        awaitUninterruptibly(s);
        s.shutdown();
        if (s.fatal != null) throw s.fatal;
        Throwable t = s.mainPanic;
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        if (t != null) throw new IllegalStateException("the main goroutine threw " + t, t);
    }

    /** Starts a background runtime for goroutines spawned from plain threads; {@link #shutdown} stops it. */
    public static void start() {
        newRuntime();
    }

    /** Stops the running runtime (its Ms exit at their next scheduling point). No-op when none runs. */
    public static void shutdown() {
        Sched s = Sched.current;
        if (s != null) s.shutdown();
    }

    private static Sched newRuntime() {
        if (!Access.canRunGoroutines()) {
            throw new IllegalStateException("Handoff goroutines need " + Access.VM_FLAG
                    + " on the java command line (the runnable jar's manifest has it)");
        }
        synchronized (Go.class) {
            Sched cur = Sched.current;
            if (cur != null && !cur.shutdown) throw new IllegalStateException("a Handoff runtime is already running");
            Sched s = new Sched(defaultProcs(), Integer.getInteger("handoff.maxthreads", 10_000));
            Sched.current = s;
            s.sysmon.start();
            return s;
        }
    }

    private static void awaitUninterruptibly(Sched s) {
        boolean interrupted = false;
        for (;;) {
            try {
                s.done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    static Sched runtimeOrNull() {
        M mp = Proc.currentM();
        return mp != null ? mp.sched : Sched.current;
    }

    /** GOMAXPROCS at start: -Dhandoff.gomaxprocs, else $GOMAXPROCS, else the available processors. */
    static int defaultProcs() {
        String v = System.getProperty("handoff.gomaxprocs", System.getenv("GOMAXPROCS"));
        if (v != null && !v.isBlank()) {
            try {
                int n = Integer.parseInt(v.trim());
                if (n >= 1) return n;
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }
}
