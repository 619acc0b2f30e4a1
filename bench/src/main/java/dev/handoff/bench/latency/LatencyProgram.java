package dev.handoff.bench.latency;

import static dev.handoff.syscall.SysNum.SYS_NANOSLEEP;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Locale;

import dev.handoff.bench.Programs;
import dev.handoff.runtime.Go;
import dev.handoff.syscall.Errno;
import dev.handoff.syscall.Syscall;

/**
 * Workload latency, Handoff: how long after a goroutine enters a blocking system call the next
 * goroutine on that P starts running, with GOMAXPROCS=1 (only sysmon's retake can hand the P off).
 * Go 1.19's side is {@code bench/go/latency.go}, the same design.
 *
 * <p>Each round, goroutine A (the main one) starts B ({@code go}: B goes to the P's runnext), reads
 * the clock (t0) and calls {@code Syscall.syscall(SYS_nanosleep, 2 ms)}; B reads the clock (t1) when
 * it first runs. latency = t1 - t0: entersyscall, sysmon noticing, the retake, handing the P to
 * another M (waking or starting a thread) and that M running B. A then waits for B with
 * {@code gosched} (B has normally run long before A wakes). {@value #WARMUP_FULL} (quick:
 * {@value #WARMUP_QUICK}) rounds of warm-up are not counted ({@code -Dlatency.warmup=N} changes it).
 * Go's side keeps 100 (no JIT; see latency.go why not more).
 *
 * <p>Why 1,000 rounds of warm-up (about 2 s): with 100, the runtime's handoff path (acquirep,
 * findRunnable, the note's sleep and wakeup, the run queue) was still being compiled during the
 * measured rounds (72 compilations of runtime methods after the first measured round, 8 with
 * 1,000: {@code -XX:+PrintCompilation}), and the compiler threads took one of the machine's two
 * cores from the woken M: p99 hundreds of µs to ms, against tens of µs with a longer warm-up in
 * the same minutes (docs/benchmarks.md, "Handoff latency: what the tail is").
 */
public final class LatencyProgram {
    private LatencyProgram() {}

    /** The blocking call's length; {@code -Dlatency.sleepUs=N} changes it for experiments (the harness uses 2 ms). */
    static final long SLEEP_NS = Long.getLong("latency.sleepUs", 2_000) * 1_000;
    static final int WARMUP_FULL = 1000, WARMUP_QUICK = 50;

    private static volatile long t1;
    private static volatile boolean ran;

    public static void main(String[] args) {
        String name = Programs.parse(args, List.of("latency.Handoff"));
        if (name == null) return;
        boolean quick = Programs.quick(args);
        int rounds = quick ? 200 : 1000, warmup = Integer.getInteger("latency.warmup", quick ? WARMUP_QUICK : WARMUP_FULL);
        long[] lat = new long[rounds];
        int[] late = new int[1];
        long[] counters = new long[2];
        Runnable b = () -> {
            t1 = System.nanoTime();
            ran = true;
        };
        Go.main(() -> {
            Go.gomaxprocs(1);
            try (Arena arena = Arena.ofShared()) {
                MemorySegment ts = arena.allocate(16);
                ts.set(ValueLayout.JAVA_LONG, 8, SLEEP_NS);
                for (int i = 0; i < warmup + rounds; i++) {
                    ran = false;
                    Go.go(b);
                    long t0 = System.nanoTime();
                    Errno.check(Syscall.syscall(SYS_NANOSLEEP, ts.address(), 0, 0), "nanosleep");
                    long t2 = System.nanoTime();
                    while (!ran) Go.gosched();
                    if (i >= warmup) {
                        lat[i - warmup] = t1 - t0;
                        if (t1 >= t2) late[0]++;
                    }
                }
            }
            Go.Stats st = Go.stats();
            counters[0] = st.retakes();
            counters[1] = st.handoffs();
        });
        String note = String.format(Locale.ROOT, "GOMAXPROCS=1, %d µs nanosleep, %d rounds after %d of warm-up; %d rounds B ran only"
                + " after A's syscall returned; retakes=%d", SLEEP_NS / 1000, rounds, warmup, late[0], counters[0]);
        Programs.emitPercentiles(name, lat, note);
    }
}
