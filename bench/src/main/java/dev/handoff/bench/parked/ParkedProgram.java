package dev.handoff.bench.parked;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.handoff.bench.Programs;
import dev.handoff.runtime.Chan;
import dev.handoff.runtime.Go;
import dev.handoff.sync.WaitGroup;

/**
 * Workload parked (issue 5): heap kept alive per parked task, with a million tasks blocked in a
 * receive that never completes. Go 1.19's side is {@code bench/go/parked.go}.
 *
 * <p>Method: heap used (MemoryMXBean, after three {@code System.gc()}) once before the tasks exist
 * and once with all of them parked; (after - before) / N is the value. "All parked": every task has
 * counted down a latch just before blocking, and then the program waits for an observable sign that
 * none is still on its way to the park: for goroutines, every P idle and every run queue empty (the
 * runtime's schedtrace line); for virtual threads, {@code Thread.getState() == WAITING} for every one
 * (the array that held them is garbage when the heap is read). The heap is then read until two reads
 * agree within 0.1 %. The delta is everything a parked task keeps alive: for a goroutine its G, its
 * continuation's stack chunk, its waiter and Sudog, its allgs slot; for a virtual thread its Thread
 * object, continuation and stack chunk, the queue's node, the JDK's thread-container entry. Before
 * the baseline, tasks have parked the same way and been released ({@link #WARMUP}). Full run:
 * 1,000,000 tasks; quick: 100,000. The collector is the JVM's default (G1); bench/run adds -Xmx3g
 * for this workload.
 * <ul>
 *   <li>{@code parked.Handoff}: goroutines of a background runtime (spawned from a goroutine), each
 *       blocked in {@code recv} on one shared unbuffered {@code Chan}.</li>
 *   <li>{@code parked.Loom}: virtual threads blocked in {@code take} on one {@code SynchronousQueue}
 *       (the JDK's unbuffered hand-off, the Loom anchor).</li>
 *   <li>{@code parked.LoomChan}: virtual threads blocked in {@code recv} on one Handoff {@code Chan}
 *       (Handoff's channel from plain threads: a thread-side waiter instead of a goroutine's).</li>
 * </ul>
 */
public final class ParkedProgram {
    private ParkedProgram() {}

    /**
     * Warm-up: {@value #WARMUP_ROUNDS} rounds of {@value #WARMUP} tasks, started and parked by the very
     * code that is measured, then released, before the baseline: the parking path is compiled (a task
     * parked in interpreted frames keeps a larger stack chunk: 1.6 KB per goroutine with -Xint) and the
     * runtime itself (Ms, carrier pool) is in the baseline.
     */
    static final int WARMUP = 20_000, WARMUP_ROUNDS = 3;
    static final Pattern IDLE = Pattern.compile("gomaxprocs=(\\d+) idleprocs=(\\d+) .* runqueue=(\\d+) \\[([\\d ]*)\\]");

    public static void main(String[] args) throws InterruptedException {
        String name = Programs.parse(args, List.of("parked.Handoff", "parked.Loom", "parked.LoomChan"));
        if (name == null) return;
        int n = Programs.quick(args) ? 100_000 : 1_000_000;
        long before, after;
        String how;
        if (name.equals("parked.Handoff")) {
            Go.start();
            for (int r = 0; r < WARMUP_ROUNDS; r++) { // see WARMUP
                Chan<Integer> w = Chan.make();
                goroutinesParked(WARMUP, w);
                w.close();
                awaitTrue(() -> Go.numGoroutine() == 0, "the warm-up goroutines to end");
            }
            before = used();
            Chan<Integer> c = Chan.make();
            goroutinesParked(n, c);
            after = stableUsed();
            how = "goroutines blocked in Chan.recv (one unbuffered channel); GOMAXPROCS=" + Go.gomaxprocs(0)
                    + ", numGoroutine=" + Go.numGoroutine();
            if (c.len() != 0) throw new AssertionError(); // keeps c reachable until here
        } else {
            boolean sq = name.equals("parked.Loom");
            for (int r = 0; r < WARMUP_ROUNDS; r++) { // see WARMUP
                SynchronousQueue<Integer> wq = sq ? new SynchronousQueue<>() : null;
                Chan<Integer> wc = sq ? null : Chan.make();
                Thread[] warm = threadsParked(WARMUP, wq, wc);
                if (sq) for (int i = 0; i < WARMUP; i++) wq.put(i); else wc.close();
                for (Thread t : warm) t.join();
            }
            before = used();
            SynchronousQueue<Integer> q = sq ? new SynchronousQueue<>() : null;
            Chan<Integer> c = sq ? null : Chan.make();
            threadsParked(n, q, c); // the threads stay reachable from the queue's waiters (and the JDK's root container)
            after = stableUsed();
            how = sq ? "virtual threads blocked in SynchronousQueue.take (one queue)"
                     : "virtual threads blocked in Handoff Chan.recv (one unbuffered channel)";
            if ((sq ? q.size() : c.len()) != 0) throw new AssertionError();
        }
        double per = (double) (after - before) / n;
        String row = name + (name.equals("parked.Loom") ? ".synchronousQueue" : ".chanRecv");
        Programs.emit(row, per, "B per parked task", String.format(Locale.ROOT,
                "%s; %,d tasks; heap used after System.gc() with all parked minus before: %.1f MB (%.2f KiB per task)",
                how, n, (after - before) / 1e6, per / 1024));
        System.exit(0); // the parked tasks would keep the JVM alive
    }

    /**
     * Starts {@code n} goroutines (from a goroutine, where {@code go} is lock-free) that each block in
     * {@code c.recv()}, and returns once all are parked: each has counted down a WaitGroup just before
     * its receive, and then every P is idle with empty run queues.
     */
    private static void goroutinesParked(int n, Chan<Integer> c) {
        WaitGroup entered = new WaitGroup();
        entered.add(n);
        Go.run(() -> {
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    entered.done();
                    c.recv();
                });
            }
        });
        entered.await();
        awaitTrue(ParkedProgram::schedulerIdle, "the scheduler to go idle");
    }

    /**
     * Starts {@code n} virtual threads that each block in a receive (from {@code q} if not null, else
     * from {@code c}) and returns them once all are parked: each has counted down a latch just before
     * its receive, and then each one's state is WAITING.
     */
    private static Thread[] threadsParked(int n, SynchronousQueue<Integer> q, Chan<Integer> c) throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(n);
        Thread[] ts = new Thread[n];
        for (int i = 0; i < n; i++) {
            ts[i] = Thread.ofVirtual().start(() -> {
                entered.countDown();
                receive(q, c);
            });
        }
        entered.await();
        for (Thread t : ts) awaitTrue(() -> t.getState() == Thread.State.WAITING, "virtual thread " + t + " to park");
        return ts;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier cond, String what) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("waited 60 s for " + what + ": " + Go.schedtrace());
            Thread.onSpinWait();
        }
    }

    /** One receive, from the SynchronousQueue if there is one, else from the channel. */
    private static void receive(SynchronousQueue<Integer> q, Chan<Integer> c) {
        try {
            if (q != null) q.take(); else c.recv();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every P idle and every run queue empty: no goroutine is running or on its way to a park. */
    private static boolean schedulerIdle() {
        Matcher m = IDLE.matcher(Go.schedtrace());
        if (!m.find()) throw new IllegalStateException("unexpected schedtrace line: " + Go.schedtrace());
        if (!m.group(1).equals(m.group(2)) || !m.group(3).equals("0")) return false;
        for (String q : m.group(4).trim().split(" ")) if (!q.isEmpty() && !q.equals("0")) return false;
        return true;
    }

    /** Heap used, read until two reads agree within 0.1 % (a late park still frees or makes garbage). */
    private static long stableUsed() {
        long a = used(), b = used();
        for (int i = 0; i < 10 && Math.abs(b - a) > a / 1000; i++) {
            a = b;
            b = used();
        }
        return b;
    }

    private static long used() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
