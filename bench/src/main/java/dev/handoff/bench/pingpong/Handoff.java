package dev.handoff.bench.pingpong;

import java.util.concurrent.TimeUnit;

import dev.handoff.bench.Jvm;
import dev.handoff.runtime.Chan;
import dev.handoff.runtime.Go;
import org.openjdk.jmh.annotations.*;

/**
 * Workload pingpong, Handoff: one unbuffered round trip between two goroutines (ping → partner →
 * pong), GOMAXPROCS at its default. Each invocation starts the pair in a background runtime, runs
 * {@value #BATCH} round trips and reports to the JMH thread on a channel; that start and report
 * (a few microseconds) are spread over the batch.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(jvmArgsPrepend = {Jvm.ADD_EXPORTS_VM, Jvm.ADD_EXPORTS_MISC, Jvm.NATIVE_ACCESS})
public class Handoff extends dev.handoff.bench.GoRuntime {
    static final int BATCH = 20_000;
    private final Chan<Integer> done = Chan.make();

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int unbuffered() {
        Go.go(() -> {
            Chan<Integer> ping = Chan.make(), pong = Chan.make();
            Go.go(() -> {
                for (int i = 0; i < BATCH; i++) pong.send(ping.recv());
            });
            int acc = 0;
            Integer one = 1;
            for (int i = 0; i < BATCH; i++) {
                ping.send(one);
                acc += pong.recv();
            }
            done.send(acc);
        });
        return done.recv();
    }
}
