package dev.handoff.bench.kept;

import static dev.handoff.syscall.SysNum.SYS_CLOSE;
import static dev.handoff.syscall.SysNum.SYS_NANOSLEEP;
import static dev.handoff.syscall.SysNum.SYS_PIPE2;
import static dev.handoff.syscall.SysNum.SYS_READ;
import static dev.handoff.syscall.SysNum.SYS_WRITE;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import dev.handoff.bench.Programs;
import dev.handoff.runtime.Go;
import dev.handoff.syscall.Errno;
import dev.handoff.syscall.Syscall;

/**
 * Workload kept: the share of compute throughput kept while 4 x GOMAXPROCS goroutines (virtual
 * threads) block in system calls, against a baseline without them. Go 1.19's side is
 * {@code bench/go/kept.go}; the goal is 95 % or more for Handoff's {@code syscall}.
 *
 * <p>Each contender has P = the machine's processors (GOMAXPROCS, or the virtual-thread scheduler's
 * parallelism) and 2 x P compute tasks, each looping over one unit of work ({@link Programs#work},
 * about 10-20 µs) and a yield ({@code gosched}, {@code Thread.yield}). The blockers are 4 x P: half
 * read from empty pipes for the whole window, half loop over 10 ms nanosleeps. Throughput is counted
 * by a platform thread outside the scheduler (it needs no P). Windows of the different modes
 * alternate (baseline, mode 1, mode 2, baseline, ...), and the result is the median over rounds of
 * (window with blockers / mean of the baseline windows before and after it), so drift from other
 * jobs on the machine cancels; the {@code .best} row divides the best window with blockers by the
 * best baseline window (other jobs only ever take throughput away).
 * <ul>
 *   <li>{@code kept.Handoff}: goroutines; blockers through {@code Syscall.syscall} (entersyscall:
 *       sysmon retakes the P) and, for contrast, {@code rawSyscall} (the P stays blocked, as in Go).</li>
 *   <li>{@code kept.Loom}: virtual threads; blockers through a plain FFM downcall to libc
 *       {@code read}/{@code nanosleep} (the carrier is pinned and nobody compensates), and through
 *       Handoff's {@code Syscall.syscall}, which wraps the call in {@code jdk.internal.misc.Blocker}
 *       (the scheduler adds a carrier for the duration).</li>
 * </ul>
 */
public final class KeptProgram {
    private KeptProgram() {}

    static final int PROCS = Runtime.getRuntime().availableProcessors();
    static final int COMPUTE = 2 * PROCS;
    /**
     * The blockers' kind: "both" (half readers, half sleepers), or "readers" for the *Readers programs
     * (the workload: every blocker stays in the kernel for the whole window). For experiments
     * {@code -Dkept.blockers=readers|sleepers} sets it for the plain programs.
     */
    static String KIND = System.getProperty("kept.blockers", "both");
    static int READERS, SLEEPERS;
    static final long SLEEP_NS = 10_000_000;

    /** How a blocker blocks. */
    enum Block { NONE, SYSCALL, RAW, FFM }

    public static void main(String[] args) throws Throwable {
        String name = Programs.parse(args, List.of("kept.Handoff", "kept.Loom", "kept.HandoffReaders", "kept.LoomReaders"));
        if (name == null) return;
        boolean readersOnly = name.endsWith("Readers");
        if (readersOnly) KIND = "readers";
        READERS = KIND.equals("readers") ? 4 * PROCS : KIND.equals("sleepers") ? 0 : 2 * PROCS;
        SLEEPERS = 4 * PROCS - READERS;
        boolean handoff = name.startsWith("kept.Handoff");
        boolean quick = Programs.quick(args);
        int rounds = quick ? 3 : 7;
        long windowMs = quick ? 500 : 1000;
        // rawSyscall blockers are nanosleeps only (a raw read that blocks can hang the JVM): no raw
        // mode among readers only.
        List<Block> modes = handoff
                ? (readersOnly ? List.of(Block.NONE, Block.SYSCALL) : List.of(Block.NONE, Block.SYSCALL, Block.RAW))
                : List.of(Block.NONE, Block.FFM, Block.SYSCALL);
        double[][] rate = new double[modes.size()][rounds];
        double[] lastBase = new double[1];
        Window w = handoff ? new Goroutines() : new VirtualThreads();
        long[] counters = new long[3];
        Runnable all = () -> {
            w.run(Block.NONE, 1000); // warm-up (JIT)
            for (int r = 0; r < rounds; r++)
                for (int m = 0; m < modes.size(); m++) rate[m][r] = w.run(modes.get(m), windowMs);
            lastBase[0] = w.run(Block.NONE, windowMs);
            if (w instanceof Goroutines) {
                Go.Stats st = Go.stats();
                counters[0] = st.handoffs() + st.blockedTakes();
                counters[1] = st.retakes();
                counters[2] = st.fastExits();
            }
        };
        if (w instanceof Goroutines) Go.main(all); else all.run();

        double[] base = rate[0];
        double bestBase = Math.max(lastBase[0], Arrays.stream(base).max().orElseThrow());
        Programs.emit(name + ".baseline", Programs.median(base), "units/s",
                String.format(Locale.ROOT, "compute alone: %d tasks on %d processors; median of %d windows of %d ms (best %.0f)",
                        COMPUTE, PROCS, rounds, windowMs, bestBase));
        for (int m = 1; m < modes.size(); m++) {
            // Each window against the mean of the baseline windows just before and after it.
            double[] kept = new double[rounds];
            for (int r = 0; r < rounds; r++) kept[r] = 100 * rate[m][r] / ((base[r] + (r + 1 < rounds ? base[r + 1] : lastBase[0])) / 2);
            double lo = Arrays.stream(kept).min().orElseThrow(), hi = Arrays.stream(kept).max().orElseThrow();
            String row = switch (modes.get(m)) {
                case SYSCALL -> handoff ? "syscall" : "handoffSyscallBlocker";
                case RAW -> "rawSyscall";
                case FFM -> "ffmDowncall";
                case NONE -> throw new AssertionError();
            };
            String blockers = modes.get(m) == Block.RAW ? (READERS + SLEEPERS) + " x 10 ms sleepers (no reads: see the code)"
                    : SLEEPERS == 0 ? READERS + " readers (blocked for the whole window)"
                    : READERS + " readers + " + SLEEPERS + " x 10 ms sleepers";
            String extra = w instanceof Goroutines && modes.get(m) == Block.SYSCALL
                    ? String.format(Locale.ROOT, "; whole run: handoffs=%d retakes=%d fast-exits=%d", counters[0], counters[1], counters[2])
                    : "";
            Programs.emit(name + "." + row, Programs.median(kept), "% kept",
                    String.format(Locale.ROOT, "%s; median over %d rounds of window / adjacent"
                            + " baselines (%.1f-%.1f)%s", blockers, rounds, lo, hi, extra));
            Programs.emit(name + "." + row + ".best", 100 * Arrays.stream(rate[m]).max().orElseThrow() / bestBase, "% kept",
                    "best window with blockers / best baseline window (other jobs only take throughput away)");
        }
    }

    /** One measurement window of one mode: compute units per second while the mode's blockers run. */
    abstract static class Window {
        final LongAdder units = new LongAdder();
        final AtomicBoolean stop = new AtomicBoolean();

        abstract void start(Runnable task);

        /** Waits until {@code latch} opens, without holding a processor. */
        abstract void await(CountDownLatch latch) throws InterruptedException;

        abstract long block(Block how, long trap, long a1, long a2, long a3) throws Throwable;

        double run(Block how, long windowMs) {
            units.reset();
            stop.set(false);
            int blockers = how == Block.NONE ? 0 : READERS + SLEEPERS;
            CountDownLatch finished = new CountDownLatch(COMPUTE + blockers);
            int[] pipes = new int[2 * READERS];
            try (Arena arena = Arena.ofShared()) {
                MemorySegment fds = arena.allocate(8);
                for (int i = 0; i < READERS; i++) {
                    Errno.check(Syscall.rawSyscall(SYS_PIPE2, fds.address(), 0x80000 /* O_CLOEXEC */, 0), "pipe2");
                    pipes[2 * i] = fds.get(ValueLayout.JAVA_INT, 0);
                    pipes[2 * i + 1] = fds.get(ValueLayout.JAVA_INT, 4);
                }
                // Blockers first: a scheduler that favours its local queues (Loom's, with yielding compute
                // tasks) would otherwise never start them.
                for (int i = 0; i < blockers; i++) {
                    // rawSyscall: no reads. A critical downcall blocked in the kernel keeps its thread "in
                    // Java", so the next safepoint (GC) waits for it forever, and the thread that would write
                    // to the pipe is stopped at that safepoint: the whole JVM hangs (seen here). Go's STW has
                    // the same problem with a blocking RawSyscall. So raw blockers all loop over nanosleeps.
                    int reader = i < READERS && how != Block.RAW ? pipes[2 * i] : -1;
                    start(() -> {
                        try (Arena a = Arena.ofShared()) { // shared: a goroutine may move between threads
                            MemorySegment buf = a.allocate(16);
                            if (reader >= 0) {
                                Errno.check(block(how, SYS_READ, reader, buf.address(), 1), "read");
                            } else {
                                buf.set(ValueLayout.JAVA_LONG, 8, SLEEP_NS);
                                while (!stop.get()) {
                                    Errno.check(block(how, SYS_NANOSLEEP, buf.address(), 0, 0), "nanosleep");
                                    pause();
                                }
                            }
                        } catch (Throwable e) {
                            e.printStackTrace();
                        } finally {
                            finished.countDown();
                        }
                    });
                }
                for (int i = 0; i < COMPUTE; i++) {
                    start(() -> {
                        long x = 88172645463325252L;
                        while (!stop.get()) {
                            x = Programs.work(x);
                            units.increment();
                            pause();
                        }
                        if (x == 42) System.err.print(""); // keep x alive
                        finished.countDown();
                    });
                }
                double[] rate = new double[1];
                Thread timer = Thread.ofPlatform().name("kept-window").start(() -> {
                    try {
                        long u0 = units.sum(), t0 = System.nanoTime();
                        Thread.sleep(windowMs);
                        rate[0] = (units.sum() - u0) * 1e9 / (System.nanoTime() - t0);
                        stop.set(true);
                        try (Arena a = Arena.ofConfined()) { // release the readers
                            MemorySegment one = a.allocateFrom(ValueLayout.JAVA_BYTE, (byte) 1);
                            for (int i = 0; i < READERS; i++) Syscall.rawSyscall(SYS_WRITE, pipes[2 * i + 1], one.address(), 1);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                await(finished);
                timer.join();
                for (int fd : pipes) Syscall.rawSyscall(SYS_CLOSE, fd, 0, 0);
                return rate[0];
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        abstract void pause();
    }

    /** Handoff goroutines; runs on the main goroutine of a runtime with GOMAXPROCS = processors. */
    static final class Goroutines extends Window {
        @Override void start(Runnable task) { Go.go(task); }
        @Override void pause() { Go.gosched(); }
        @Override void await(CountDownLatch latch) throws InterruptedException {
            Go.blocking(() -> { latch.await(); return null; });
        }
        @Override long block(Block how, long trap, long a1, long a2, long a3) {
            return how == Block.RAW ? Syscall.rawSyscall(trap, a1, a2, a3) : Syscall.syscall(trap, a1, a2, a3);
        }
    }

    /** Loom virtual threads on the default scheduler (parallelism = processors). */
    static final class VirtualThreads extends Window {
        private static final Linker LINKER = Linker.nativeLinker();
        private static final MethodHandle READ = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("read"),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
        private static final MethodHandle NANOSLEEP = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("nanosleep"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
        private final List<Thread> threads = new ArrayList<>();

        @Override void start(Runnable task) { threads.add(Thread.ofVirtual().start(task)); }
        @Override void pause() { Thread.yield(); }
        @Override void await(CountDownLatch latch) throws InterruptedException {
            latch.await();
            for (Thread t : threads) t.join();
            threads.clear();
        }
        @Override long block(Block how, long trap, long a1, long a2, long a3) throws Throwable {
            if (how == Block.SYSCALL) return Syscall.syscall(trap, a1, a2, a3);
            // A plain downcall: libc's wrapper, errno not captured (these calls do not fail here).
            if (trap == SYS_READ) return (long) READ.invokeExact((int) a1, a2, a3);
            return (int) NANOSLEEP.invokeExact(a1, a2);
        }
    }
}
