package dev.handoff.cli;

import static dev.handoff.syscall.SysNum.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

import dev.handoff.runtime.Go;
import dev.handoff.syscall.Errno;
import dev.handoff.syscall.Syscall;

/**
 * Demo part 3: goroutines blocked in real system calls while compute goroutines keep working.
 *
 * <p>Three windows of the same length, GOMAXPROCS = 2: compute goroutines alone (the baseline);
 * the same while 4 x GOMAXPROCS goroutines block in the kernel through {@code Syscall.syscall}
 * (reads on empty pipes, nanosleeps); the same through {@code rawSyscall}. Throughput is counted by
 * a platform thread outside the runtime, so the measurement does not need a P. The last line is
 * machine-readable.
 */
final class DemoRuntime {
    private DemoRuntime() {}

    private static final int PROCS = 2;
    private static final int COMPUTE = 2 * PROCS;
    private static final int READERS = PROCS;            // block until the window ends
    private static final int SLEEPERS = 4 * PROCS - READERS; // 20 ms nanosleeps in a loop
    private static final long WINDOW_MS = 1500;

    private enum Mode { BASELINE, SYSCALL, RAW, WARMUP }

    static void run() throws Exception {
        System.out.println();
        System.out.println("-- 3. Goroutines: " + COMPUTE + " compute goroutines, GOMAXPROCS=" + PROCS + "; then "
                + (READERS + SLEEPERS) + " more block in the kernel (through syscall: " + READERS
                + " reads on empty pipes and " + SLEEPERS + " loops of 20 ms nanosleeps; through rawSyscall: "
                + (READERS + SLEEPERS) + " nanosleep loops)");
        double[] rate = new double[Mode.values().length];
        long[] counters = new long[3];
        Go.main(() -> {
            Go.gomaxprocs(PROCS);
            window(Mode.WARMUP); // the JIT compiles the compute loop here, not in the baseline
            for (Mode m : new Mode[] {Mode.BASELINE, Mode.SYSCALL, Mode.RAW}) rate[m.ordinal()] = window(m);
            Go.Stats st = Go.stats();
            counters[0] = st.handoffs() + st.blockedTakes();
            counters[1] = st.retakes();
            counters[2] = st.fastExits();
        });
        long kept = Math.round(100 * rate[Mode.SYSCALL.ordinal()] / rate[Mode.BASELINE.ordinal()]);
        long rawKept = Math.round(100 * rate[Mode.RAW.ordinal()] / rate[Mode.BASELINE.ordinal()]);
        System.out.printf("  compute throughput: baseline %.0f units/s, with syscall %.0f (%d%% kept),"
                        + " with rawSyscall %.0f (%d%% kept)%n",
                rate[0], rate[1], kept, rate[2], rawKept);
        System.out.println("handoff-demo: kept=" + kept + " raw-kept=" + rawKept + " handoffs=" + counters[0]
                + " retakes=" + counters[1] + " fast-exits=" + counters[2]);
    }

    /** One window: returns compute units per second while the mode's blockers run. Runs on the main goroutine. */
    private static double window(Mode mode) {
        LongAdder units = new LongAdder();
        int[] pipes = new int[2 * READERS];
        int blockers = mode == Mode.BASELINE || mode == Mode.WARMUP ? 0 : READERS + SLEEPERS;
        CountDownLatch finished = new CountDownLatch(COMPUTE + blockers);
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        try (Arena arena = Arena.ofShared()) {
            MemorySegment fds = arena.allocate(8);
            for (int i = 0; i < READERS; i++) {
                Errno.check(Syscall.rawSyscall(SYS_PIPE2, fds.address(), 0x80000, 0), "pipe2");
                pipes[2 * i] = fds.get(ValueLayout.JAVA_INT, 0);
                pipes[2 * i + 1] = fds.get(ValueLayout.JAVA_INT, 4);
            }
            for (int i = 0; i < COMPUTE; i++) {
                Go.go(() -> {
                    long x = 88172645463325252L;
                    while (!stop.get()) {
                        for (int k = 0; k < 20_000; k++) { x ^= x << 13; x ^= x >>> 7; x ^= x << 17; }
                        if (x == 42) System.out.print(""); // keep the loop
                        units.increment();
                        Go.gosched();
                    }
                    finished.countDown();
                });
            }
            boolean raw = mode == Mode.RAW;
            for (int i = 0; i < blockers; i++) {
                // rawSyscall blockers only sleep (bounded): a rawSyscall is a critical downcall, so one
                // blocked in a read with no end would hold up every safepoint, and the whole JVM, until
                // the read returns (see Syscall.rawSyscall).
                int reader = i < READERS && !raw ? pipes[2 * i] : -1;
                Go.go(() -> {
                    // Shared, not confined: a goroutine may move to another thread at gosched.
                    try (Arena a = Arena.ofShared()) {
                        MemorySegment buf = a.allocate(16);
                        if (reader >= 0) {
                            long r = raw ? Syscall.rawSyscall(SYS_READ, reader, buf.address(), 1)
                                         : Syscall.syscall(SYS_READ, reader, buf.address(), 1);
                            Errno.check(r, "read");
                        } else {
                            buf.set(ValueLayout.JAVA_LONG, 8, 20_000_000L);
                            while (!stop.get()) {
                                long r = raw ? Syscall.rawSyscall(SYS_NANOSLEEP, buf.address(), 0, 0)
                                             : Syscall.syscall(SYS_NANOSLEEP, buf.address(), 0, 0);
                                Errno.check(r, "nanosleep");
                                Go.gosched();
                            }
                        }
                    }
                    finished.countDown();
                });
            }
            // The clock and the counting run on a platform thread: they must not need a P.
            double[] rate = new double[1];
            Thread timer = Thread.ofPlatform().name("demo-window").start(() -> {
                try {
                    long u0 = units.sum(), t0 = System.nanoTime();
                    Thread.sleep(WINDOW_MS / 2);
                    System.out.println("  " + label(mode) + " " + Go.schedtrace());
                    Thread.sleep(WINDOW_MS - WINDOW_MS / 2);
                    rate[0] = (units.sum() - u0) * 1e9 / (System.nanoTime() - t0);
                    stop.set(true);
                    try (Arena a = Arena.ofConfined()) { // release the pipe readers
                        MemorySegment one = a.allocateFrom(ValueLayout.JAVA_BYTE, (byte) 1);
                        for (int i = 0; i < READERS; i++) Syscall.rawSyscall(SYS_WRITE, pipes[2 * i + 1], one.address(), 1);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Go.blocking(() -> { finished.await(); timer.join(); return null; });
            for (int fd : pipes) Syscall.rawSyscall(SYS_CLOSE, fd, 0, 0);
            return rate[0];
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String label(Mode m) {
        return switch (m) {
            case BASELINE -> "[baseline   ]";
            case SYSCALL -> "[syscall    ]";
            case RAW -> "[rawSyscall ]";
            case WARMUP -> "[warm-up    ]";
        };
    }
}
