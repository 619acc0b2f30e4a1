package dev.handoff.bench.parked;

import java.lang.management.ManagementFactory;

import dev.handoff.runtime.Chan;
import dev.handoff.runtime.Go;
import dev.handoff.sync.WaitGroup;

/**
 * Heap per parked goroutine for docs/benchmarks.md (issue 5):
 *
 * <pre>java --add-exports=java.base/jdk.internal.vm=ALL-UNNAMED --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED \
 *     -Xmx8g -cp bench/target/benchmarks.jar dev.handoff.bench.parked.ParkedHeap [goroutines]</pre>
 *
 * Method: heap used after three System.gc() calls, before and after N goroutines have each entered a
 * receive on one shared unbuffered channel and parked there (each reports "about to receive" on a
 * WaitGroup first; the heap is then read once the scheduler has nothing runnable — numGoroutine is N+0
 * and every one is parked, seen as the runtime's goroutine count and a second GC pass). The delta over
 * N is everything a parked goroutine keeps alive: its G, its continuation's stack chunk, its waiter and
 * Sudog, its run-queue and allgs slots.
 */
public final class ParkedHeap {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Go.start();
        long before = used();
        Chan<Integer> c = Chan.make();
        WaitGroup entered = new WaitGroup();
        entered.add(n);
        for (int i = 0; i < n; i++) {
            Go.go(() -> {
                entered.done();
                c.recv();
            });
        }
        entered.await();
        long after;
        do { // the last few may still be between done() and their park: measure until stable
            after = used();
        } while (Math.abs(used() - after) > after / 1000);
        System.out.printf("parked.Handoff goroutines=%d heap_delta_MB=%.1f bytes_per_parked_goroutine=%.0f%n",
                n, (after - before) / 1e6, (double) (after - before) / n);
        System.exit(0);
    }

    private static long used() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
