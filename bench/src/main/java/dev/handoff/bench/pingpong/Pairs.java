package dev.handoff.bench.pingpong;

import dev.handoff.runtime.Chan;
import dev.handoff.runtime.Go;

/**
 * Workload pingpong with several pairs at once, outside JMH: ROUNDS rounds in which K pairs of
 * goroutines each make N unbuffered round trips; prints the wall time of each round divided by
 * K × N. For what the scheduler's idle Ps do while several pairs hand off (see docs/channels.md,
 * "the watching spinner"); run it under {@code perf stat -e task-clock,context-switches}:
 * <pre>
 *   java --add-exports=java.base/jdk.internal.vm=ALL-UNNAMED --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED \
 *        --enable-native-access=ALL-UNNAMED -Dhandoff.gomaxprocs=4 \
 *        -cp bench/target/benchmarks.jar dev.handoff.bench.pingpong.Pairs 2 1000000 4
 * </pre>
 */
public final class Pairs {
    private Pairs() {}

    public static void main(String[] args) {
        int k = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Go.start();
        try {
            for (int r = 0; r < rounds; r++) {
                Chan<Integer> done = Chan.make(k);
                long t0 = System.nanoTime();
                for (int p = 0; p < k; p++) Go.go(() -> done.send(pair(n)));
                for (int p = 0; p < k; p++) done.recv();
                System.out.printf("%d pairs: %.1f ns wall per round trip (round's wall / (pairs × round trips))%n",
                        k, (System.nanoTime() - t0) / (double) k / n);
            }
        } finally {
            Go.shutdown();
        }
    }

    /** Runs in a goroutine: n round trips with a partner it starts; returns the sum received. */
    private static int pair(int n) {
        Chan<Integer> ping = Chan.make(), pong = Chan.make();
        Go.go(() -> {
            for (int i = 0; i < n; i++) pong.send(ping.recv());
        });
        Integer one = 1;
        int acc = 0;
        for (int i = 0; i < n; i++) {
            ping.send(one);
            acc += pong.recv();
        }
        return acc;
    }
}
