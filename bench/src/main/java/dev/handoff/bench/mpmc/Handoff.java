package dev.handoff.bench.mpmc;

import java.util.concurrent.TimeUnit;

import dev.handoff.bench.Jvm;
import dev.handoff.runtime.Chan;
import dev.handoff.runtime.Go;
import dev.handoff.sync.WaitGroup;
import org.openjdk.jmh.annotations.*;

/**
 * Workload mpmc, Handoff: one element through a {@code Chan} with a buffer of 128, 4 producer and 4
 * consumer goroutines, GOMAXPROCS at its default; {@value #BATCH} elements per invocation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(jvmArgsPrepend = {Jvm.ADD_EXPORTS_VM, Jvm.ADD_EXPORTS_MISC, Jvm.NATIVE_ACCESS})
public class Handoff extends dev.handoff.bench.GoRuntime {
    static final int BATCH = 100_000;
    private final Chan<Long> done = Chan.make();

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long buffered128() {
        Go.go(() -> {
            Chan<Integer> c = Chan.make(128);
            WaitGroup producers = new WaitGroup(), consumers = new WaitGroup();
            long[] sums = new long[4];
            producers.add(4);
            consumers.add(4);
            for (int p = 0; p < 4; p++) {
                int first = p;
                Go.go(() -> {
                    for (int i = first; i < BATCH; i += 4) c.send(i);
                    producers.done();
                });
            }
            for (int k = 0; k < 4; k++) {
                int slot = k;
                Go.go(() -> {
                    long s = 0;
                    for (int v : c) s += v;
                    sums[slot] = s;
                    consumers.done();
                });
            }
            producers.await();
            c.close();
            consumers.await();
            done.send(sums[0] + sums[1] + sums[2] + sums[3]);
        });
        return done.recv();
    }
}
