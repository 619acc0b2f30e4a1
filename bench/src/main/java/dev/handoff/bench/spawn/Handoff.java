package dev.handoff.bench.spawn;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.handoff.bench.Jvm;
import dev.handoff.runtime.G;
import dev.handoff.runtime.Go;
import dev.handoff.runtime.Sched;
import dev.handoff.runtime.WaitReason;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Workload spawn, Handoff: {@value #N} goroutines spawned and run to completion, in ns per goroutine.
 *
 * <p>A background runtime (GOMAXPROCS = the machine's processors, like Go's default) runs for the whole
 * trial. Each invocation runs one spawner goroutine ({@code Go.run}, a few microseconds, spread over
 * the million): from inside a goroutine {@code go} is lock-free, as in Go. Every goroutine does one
 * atomic decrement; the last one readies the spawner, which parked once (see {@link Join}): a
 * WaitGroup in a dozen lines, as cheap as Go's {@code sync.WaitGroup} that the Go row uses.
 * {@code spawnBatched} spawns and joins {@value #BATCH} at a time ({@value #N} / {@value #BATCH}
 * rounds), so at most a thousand goroutines exist at once.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(jvmArgsPrepend = {Jvm.ADD_EXPORTS_VM, Jvm.ADD_EXPORTS_MISC, Jvm.NATIVE_ACCESS, Jvm.SMB})
public class Handoff {
    static final int N = 1_000_000;
    static final int BATCH = 1_000;

    /**
     * Counts finished goroutines down; the last readies the one waiter. One per batch: a finisher may
     * still be inside {@code done} after the waiter saw zero and moved on.
     */
    static final class Join {
        private static final int NONE = 0, WAITING = 1, DONE = 2;
        private final AtomicLong left;
        private final AtomicInteger state = new AtomicInteger();
        private volatile G waiter;
        final Runnable task = this::done;

        Join(long n) {
            left = new AtomicLong(n);
        }

        private void done() {
            if (left.decrementAndGet() == 0 && state.getAndSet(DONE) == WAITING) Sched.goready(waiter);
        }

        /** Waits (parked, not spinning) until all n goroutines have finished. */
        void await() {
            if (left.get() == 0) return;
            waiter = Sched.getg();
            // Published from unlockf, after the goroutine stopped: exactly one side readies it.
            Sched.gopark(() -> {
                if (!state.compareAndSet(NONE, WAITING)) Sched.goready(waiter);
            }, WaitReason.SYNC_WAITGROUP_WAIT);
            if (left.get() != 0) throw new IllegalStateException("woken with " + left.get() + " goroutines left");
        }
    }

    private final Runnable spawnAll = () -> {
        Join join = new Join(N);
        Runnable t = join.task;
        for (int i = 0; i < N; i++) Go.go(t);
        join.await();
    };

    private final Runnable spawnBatches = () -> {
        for (int b = 0; b < N / BATCH; b++) {
            Join join = new Join(BATCH);
            Runnable t = join.task;
            for (int i = 0; i < BATCH; i++) Go.go(t);
            join.await();
        }
    };

    @Setup(Level.Trial)
    public void start() {
        Go.start();
    }

    @TearDown(Level.Trial)
    public void stop() {
        Go.shutdown();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void spawn() {
        Go.run(spawnAll);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void spawnBatched() {
        Go.run(spawnBatches);
    }
}
