package dev.handoff.bench.pingpong;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import dev.handoff.runtime.Chan;
import dev.handoff.runtime.Go;

/**
 * Workload pingpong outside JMH, for profiling and for a measure that other jobs on a shared
 * machine disturb less: ROUNDS rounds of N unbuffered round trips between two fresh goroutines,
 * each round printing the wall time per round trip and the CPU time, per round trip, of the M the
 * round started on (with GOMAXPROCS=1 both goroutines stay on that M, so that is the round trip's
 * whole CPU cost). Not run by the harness (no {@code -l}); see docs/channels.md for how it is used:
 * <pre>
 *   java --add-exports=java.base/jdk.internal.vm=ALL-UNNAMED --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED \
 *        --enable-native-access=ALL-UNNAMED -Dhandoff.gomaxprocs=1 \
 *        -cp bench/target/benchmarks.jar dev.handoff.bench.pingpong.Standalone 8 1000000
 * </pre>
 */
public final class Standalone {
    private Standalone() {}

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static volatile int sink;
    private static volatile double cpuPerTrip;

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Go.start();
        try {
            Chan<Long> done = Chan.make();
            for (int r = 0; r < rounds; r++) {
                Go.go(() -> done.send(round(n)));
                long wall = done.recv();
                System.out.printf("round trip: %.1f ns wall, %.1f ns CPU of the starting M%n",
                        wall / (double) n, cpuPerTrip);
            }
        } finally {
            Go.shutdown();
        }
    }

    /** Runs in a goroutine: n round trips with a partner; returns the wall nanoseconds. */
    private static long round(int n) {
        Chan<Integer> ping = Chan.make(), pong = Chan.make();
        Go.go(() -> {
            for (int i = 0; i < n; i++) pong.send(ping.recv());
        });
        Integer one = 1;
        int acc = 0;
        Thread m = Thread.currentThread(); // the M this round starts on (read before the first park)
        long c0 = THREADS.getThreadCpuTime(m.threadId());
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            ping.send(one);
            acc += pong.recv();
        }
        long t1 = System.nanoTime();
        long c1 = THREADS.getThreadCpuTime(m.threadId());
        sink = acc;
        cpuPerTrip = (c1 - c0) / (double) n;
        return t1 - t0;
    }
}
