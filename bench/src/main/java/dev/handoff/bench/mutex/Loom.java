package dev.handoff.bench.mutex;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import dev.handoff.bench.Jvm;
import dev.handoff.sync.Mutex;
import org.openjdk.jmh.annotations.*;

/**
 * Workload mutex on virtual threads: {@link ReentrantLock} (the plain Loom answer) and Handoff's
 * {@link Mutex} (parking virtual threads), 4 threads, a counter increment inside.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(jvmArgsPrepend = {Jvm.ADD_EXPORTS_VM, Jvm.ADD_EXPORTS_MISC, Jvm.NATIVE_ACCESS})
public class Loom {
    static final int BATCH = 100_000;

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int reentrantLock4() throws InterruptedException {
        ReentrantLock l = new ReentrantLock();
        int[] counter = {0};
        run(() -> {
            for (int i = 0; i < BATCH / 4; i++) {
                l.lock();
                counter[0]++;
                l.unlock();
            }
        });
        return counter[0];
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int handoffMutex4() throws InterruptedException {
        Mutex m = new Mutex();
        int[] counter = {0};
        run(() -> {
            for (int i = 0; i < BATCH / 4; i++) {
                m.lock();
                counter[0]++;
                m.unlock();
            }
        });
        return counter[0];
    }

    private static void run(Runnable body) throws InterruptedException {
        Thread[] ts = new Thread[4];
        for (int i = 0; i < 4; i++) ts[i] = Thread.ofVirtual().start(body);
        for (Thread t : ts) t.join();
    }
}
