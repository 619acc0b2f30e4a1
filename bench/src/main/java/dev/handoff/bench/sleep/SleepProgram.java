package dev.handoff.bench.sleep;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import dev.handoff.bench.Programs;
import dev.handoff.runtime.Go;
import dev.handoff.sync.WaitGroup;
import dev.handoff.time.Time;

/**
 * Workload sleep (issue 5): how late a task wakes from a 10 ms sleep. Go 1.19's side is
 * {@code bench/go/sleep.go}, the same design.
 *
 * <p>{@value #TASKS} tasks start together and each sleeps 10 ms in a loop, {@value #ROUNDS_FULL}
 * times (quick: {@value #ROUNDS_QUICK}) after {@value #WARMUP_FULL} (quick: {@value #WARMUP_QUICK})
 * sleeps that are not counted (JIT). Lateness = the measured sleep ({@code System.nanoTime} around
 * the call) minus 10 ms; the rows are its p50, p90, p99 and max in µs over all tasks' sleeps.
 * Every contender has as many processors as the machine (GOMAXPROCS, the virtual-thread
 * scheduler's parallelism).
 * <ul>
 *   <li>{@code sleep.Handoff}: goroutines of {@code Go.main}, {@code Time.sleep} (the P's timer heap,
 *       run by the scheduler; an idle M sleeps until the earliest deadline).</li>
 *   <li>{@code sleep.Loom}: virtual threads, {@code Thread.sleep} (the JDK's delayed-task scheduler
 *       unparks them).</li>
 * </ul>
 * Each task writes its own slice of the results array; joining (WaitGroup, Thread.join) publishes it.
 */
public final class SleepProgram {
    private SleepProgram() {}

    static final int TASKS = 100, ROUNDS_FULL = 100, ROUNDS_QUICK = 20, WARMUP_FULL = 10, WARMUP_QUICK = 5;
    static final long SLEEP_NS = 10_000_000;

    public static void main(String[] args) throws InterruptedException {
        String name = Programs.parse(args, List.of("sleep.Handoff", "sleep.Loom"));
        if (name == null) return;
        boolean quick = Programs.quick(args);
        int rounds = quick ? ROUNDS_QUICK : ROUNDS_FULL, warmup = quick ? WARMUP_QUICK : WARMUP_FULL;
        long[] late = new long[TASKS * rounds];
        String how;
        if (name.equals("sleep.Handoff")) {
            int[] procs = new int[1];
            Go.main(() -> {
                procs[0] = Go.gomaxprocs(0);
                WaitGroup wg = new WaitGroup();
                wg.add(TASKS);
                for (int t = 0; t < TASKS; t++) {
                    int base = t * rounds;
                    Go.go(() -> {
                        sleeper(late, base, rounds, warmup, () -> Time.sleep(Duration.ofNanos(SLEEP_NS)));
                        wg.done();
                    });
                }
                wg.await();
            });
            how = "goroutines, Time.sleep; GOMAXPROCS=" + procs[0];
        } else {
            Thread[] ts = new Thread[TASKS];
            for (int t = 0; t < TASKS; t++) {
                int base = t * rounds;
                ts[t] = Thread.ofVirtual().start(() -> sleeper(late, base, rounds, warmup, () -> {
                    try {
                        Thread.sleep(Duration.ofNanos(SLEEP_NS));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (Thread t : ts) t.join();
            how = "virtual threads, Thread.sleep; " + Runtime.getRuntime().availableProcessors() + " carriers";
        }
        String note = String.format(Locale.ROOT, "%s; %d tasks x %d sleeps of 10 ms after %d warm-up sleeps each;"
                + " lateness = measured sleep - 10 ms", how, TASKS, rounds, warmup);
        Programs.emitPercentiles(name, late, note);
    }

    /** One task: warm-up sleeps, then {@code rounds} measured ones into {@code late[base ..]}. */
    private static void sleeper(long[] late, int base, int rounds, int warmup, Runnable sleep) {
        for (int r = 0; r < warmup + rounds; r++) {
            long t0 = System.nanoTime();
            sleep.run();
            long d = System.nanoTime() - t0 - SLEEP_NS;
            if (r >= warmup) late[base + r - warmup] = d;
        }
    }
}
