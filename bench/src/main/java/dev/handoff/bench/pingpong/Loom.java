package dev.handoff.bench.pingpong;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

import dev.handoff.bench.Jvm;
import dev.handoff.runtime.Chan;
import org.openjdk.jmh.annotations.*;

/**
 * Workload pingpong on virtual threads: the same round trip with {@link SynchronousQueue} (the plain
 * Loom answer) and with Handoff's {@link Chan} (parking the virtual threads with LockSupport).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(jvmArgsPrepend = {Jvm.ADD_EXPORTS_VM, Jvm.ADD_EXPORTS_MISC, Jvm.NATIVE_ACCESS})
public class Loom {
    static final int BATCH = 20_000;

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int synchronousQueue() throws InterruptedException {
        SynchronousQueue<Integer> ping = new SynchronousQueue<>(), pong = new SynchronousQueue<>();
        int[] acc = {0};
        Thread partner = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < BATCH; i++) pong.put(ping.take());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread main = Thread.ofVirtual().start(() -> {
            try {
                Integer one = 1;
                for (int i = 0; i < BATCH; i++) {
                    ping.put(one);
                    acc[0] += pong.take();
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        main.join();
        partner.join();
        return acc[0];
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int handoffChan() throws InterruptedException {
        Chan<Integer> ping = Chan.make(), pong = Chan.make();
        int[] acc = {0};
        Thread partner = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < BATCH; i++) pong.send(ping.recv());
        });
        Thread main = Thread.ofVirtual().start(() -> {
            Integer one = 1;
            for (int i = 0; i < BATCH; i++) {
                ping.send(one);
                acc[0] += pong.recv();
            }
        });
        main.join();
        partner.join();
        return acc[0];
    }
}
