package dev.handoff.bench.mutex;

import java.util.concurrent.TimeUnit;

import dev.handoff.bench.Jvm;
import dev.handoff.runtime.Chan;
import dev.handoff.runtime.Go;
import dev.handoff.sync.Mutex;
import dev.handoff.sync.WaitGroup;
import org.openjdk.jmh.annotations.*;

/**
 * Workload mutex, Handoff: one lock/unlock pair (a counter increment inside) by 4 goroutines on one
 * {@link Mutex}, GOMAXPROCS at its default; {@value #BATCH} pairs per invocation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(jvmArgsPrepend = {Jvm.ADD_EXPORTS_VM, Jvm.ADD_EXPORTS_MISC, Jvm.NATIVE_ACCESS})
public class Handoff extends dev.handoff.bench.GoRuntime {
    static final int BATCH = 100_000;
    private final Chan<Integer> done = Chan.make();

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int lockUnlock4() {
        Go.go(() -> {
            Mutex m = new Mutex();
            WaitGroup wg = new WaitGroup();
            int[] counter = {0};
            wg.add(4);
            for (int g = 0; g < 4; g++) {
                Go.go(() -> {
                    for (int i = 0; i < BATCH / 4; i++) {
                        m.lock();
                        counter[0]++;
                        m.unlock();
                    }
                    wg.done();
                });
            }
            wg.await();
            done.send(counter[0]);
        });
        return done.recv();
    }
}
