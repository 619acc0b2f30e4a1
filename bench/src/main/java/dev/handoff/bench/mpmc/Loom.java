package dev.handoff.bench.mpmc;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.handoff.bench.Jvm;
import org.openjdk.jmh.annotations.*;

/**
 * Workload mpmc on virtual threads: {@link ArrayBlockingQueue} of 128, 4 producers and 4 consumers
 * (a poison value per consumer ends the run).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(jvmArgsPrepend = {Jvm.ADD_EXPORTS_VM, Jvm.ADD_EXPORTS_MISC, Jvm.NATIVE_ACCESS})
public class Loom {
    static final int BATCH = 100_000;
    private static final Integer POISON = -1;

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long arrayBlockingQueue128() throws InterruptedException {
        ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(128);
        long[] sums = new long[4];
        Thread[] ps = new Thread[4], cs = new Thread[4];
        for (int p = 0; p < 4; p++) {
            int first = p;
            ps[p] = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = first; i < BATCH; i += 4) q.put(i);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        for (int k = 0; k < 4; k++) {
            int slot = k;
            cs[k] = Thread.ofVirtual().start(() -> {
                try {
                    long s = 0;
                    for (Integer v; !(v = q.take()).equals(POISON); ) s += v;
                    sums[slot] = s;
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        for (Thread t : ps) t.join();
        for (int k = 0; k < 4; k++) q.put(POISON);
        for (Thread t : cs) t.join();
        return sums[0] + sums[1] + sums[2] + sums[3];
    }
}
