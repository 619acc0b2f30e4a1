package dev.handoff.bench.sleep;

import java.time.Duration;
import java.util.Arrays;

import dev.handoff.runtime.Go;
import dev.handoff.sync.Mutex;
import dev.handoff.sync.WaitGroup;
import dev.handoff.time.Time;

/**
 * Sleep wake-up lateness for docs/benchmarks.md (issue 5), beside bench/extra/sleeplateness.go:
 *
 * <pre>java --add-exports=java.base/jdk.internal.vm=ALL-UNNAMED --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED \
 *     -cp bench/target/benchmarks.jar dev.handoff.bench.sleep.SleepLateness [goroutines] [rounds]</pre>
 *
 * N goroutines each {@code Time.sleep(10 ms)} {@code rounds} times (per-P timer heaps), then N virtual
 * threads each {@code Thread.sleep(10 ms)} (Loom). Lateness = measured sleep - 10 ms; prints p50/p99/max
 * in microseconds.
 */
public final class SleepLateness {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        double[] g = new double[n * rounds];
        Go.main(() -> {
            WaitGroup wg = new WaitGroup();
            Mutex mu = new Mutex();
            int[] next = {0};
            wg.add(n);
            for (int k = 0; k < n; k++) {
                Go.go(() -> {
                    double[] mine = new double[rounds];
                    for (int r = 0; r < rounds; r++) {
                        long t0 = System.nanoTime();
                        Time.sleep(Duration.ofMillis(10));
                        mine[r] = (System.nanoTime() - t0 - 10_000_000L) / 1e3;
                    }
                    mu.lock();
                    System.arraycopy(mine, 0, g, next[0], rounds);
                    next[0] += rounds;
                    mu.unlock();
                    wg.done();
                });
            }
            wg.await();
        });
        print("sleep10ms.Handoff.goroutines", g);

        double[] v = new double[n * rounds];
        Thread[] ts = new Thread[n];
        for (int k = 0; k < n; k++) {
            int base = k * rounds;
            ts[k] = Thread.ofVirtual().start(() -> {
                for (int r = 0; r < rounds; r++) {
                    long t0 = System.nanoTime();
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    v[base + r] = (System.nanoTime() - t0 - 10_000_000L) / 1e3;
                }
            });
        }
        for (Thread t : ts) t.join();
        print("sleep10ms.Loom.threadSleep", v);
    }

    private static void print(String name, double[] late) {
        Arrays.sort(late);
        System.out.printf("%s lateness_us p50=%.0f p99=%.0f max=%.0f samples=%d%n", name, late[late.length / 2],
                late[late.length * 99 / 100], late[late.length - 1], late.length);
    }
}
