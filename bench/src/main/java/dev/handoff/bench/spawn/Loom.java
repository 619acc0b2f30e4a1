package dev.handoff.bench.spawn;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.handoff.bench.Jvm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Workload spawn, Loom: {@value Handoff#N} virtual threads started ({@code Thread.ofVirtual().start})
 * and run to completion, in ns per thread; the default scheduler (parallelism = processors).
 *
 * <p>Fair to Handoff and Go: the spawner is itself a virtual thread (so starts go to its carrier's
 * local queue, as a goroutine's {@code go} goes to its P's), every thread does one atomic decrement,
 * and the last one unparks the spawner, which parks (no spinning). {@code spawnBatched}: joins every
 * {@value Handoff#BATCH}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(jvmArgsPrepend = {Jvm.ADD_EXPORTS_VM, Jvm.ADD_EXPORTS_MISC, Jvm.NATIVE_ACCESS, Jvm.SMB})
public class Loom {
    static final int N = Handoff.N;
    static final int BATCH = Handoff.BATCH;

    private final AtomicLong left = new AtomicLong();
    private volatile Thread waiter;
    private final Runnable task = () -> {
        if (left.decrementAndGet() == 0) LockSupport.unpark(waiter);
    };

    private void await() {
        while (left.get() != 0) LockSupport.park(this);
    }

    private final Runnable spawnAll = () -> {
        waiter = Thread.currentThread();
        Thread.Builder b = Thread.ofVirtual();
        left.set(N);
        for (int i = 0; i < N; i++) b.start(task);
        await();
    };

    private final Runnable spawnBatches = () -> {
        waiter = Thread.currentThread();
        Thread.Builder b = Thread.ofVirtual();
        for (int r = 0; r < N / BATCH; r++) {
            left.set(BATCH);
            for (int i = 0; i < BATCH; i++) b.start(task);
            await();
        }
    };

    @Benchmark
    @OperationsPerInvocation(N)
    public void spawn() throws InterruptedException {
        Thread.ofVirtual().start(spawnAll).join();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void spawnBatched() throws InterruptedException {
        Thread.ofVirtual().start(spawnBatches).join();
    }
}
