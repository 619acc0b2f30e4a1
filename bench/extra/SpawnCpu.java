// Spawn probe for docs/HACKING.md ("What a spawn costs"): N goroutines (or virtual threads) spawned
// in batches of B (B = N: all at once), then joined, R rounds in one JVM; per round, wall time and
// process CPU time per goroutine. CPU time is the steadier figure on a shared machine: other jobs
// take cores away (wall time grows) but add little to our CPU time.
//
//   ./handoff build
//   J="java --add-exports=java.base/jdk.internal.vm=ALL-UNNAMED --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --enable-native-access=ALL-UNNAMED"
//   $J -cp target/handoff.jar bench/extra/SpawnCpu.java handoff 1000000 1000000 20
//   $J -cp target/handoff.jar bench/extra/SpawnCpu.java loom 1000000 1000 20
//   add -Xlog:gc for the pauses, -Dhandoff.gomaxprocs=1 for one P; the Go anchor's CPU time:
//   /usr/bin/time bench/out/bin/bench-go 10 1000000 '^spawn.Go.spawn$'
//
// The Handoff join is spawn.Handoff.Join's (a WaitGroup on gopark/goready); the Loom one is
// spawn.Loom's (park/unpark).
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.handoff.runtime.G;
import dev.handoff.runtime.Go;
import dev.handoff.runtime.Sched;
import dev.handoff.runtime.WaitReason;

public class SpawnCpu {
    static final class Join {
        private static final int NONE = 0, WAITING = 1, DONE = 2;
        private final AtomicLong left;
        private final AtomicInteger state = new AtomicInteger();
        private volatile G waiter;
        final Runnable task = this::done;

        Join(long n) { left = new AtomicLong(n); }

        private void done() {
            if (left.decrementAndGet() == 0 && state.getAndSet(DONE) == WAITING) Sched.goready(waiter);
        }

        void await() {
            if (left.get() == 0) return;
            waiter = Sched.getg();
            Sched.gopark(() -> {
                if (!state.compareAndSet(NONE, WAITING)) Sched.goready(waiter);
            }, WaitReason.SYNC_WAITGROUP_WAIT);
        }
    }

    static final AtomicLong left = new AtomicLong();
    static volatile Thread vwaiter;
    static final Runnable vtask = () -> {
        if (left.decrementAndGet() == 0) LockSupport.unpark(vwaiter);
    };

    public static void main(String[] a) throws Exception {
        boolean loom = a[0].equals("loom");
        int n = Integer.parseInt(a[1]), batch = Integer.parseInt(a[2]), rounds = Integer.parseInt(a[3]);
        Runnable handoff = () -> {
            for (int b = 0; b < n / batch; b++) {
                Join j = new Join(batch);
                Runnable t = j.task;
                for (int i = 0; i < batch; i++) Go.go(t);
                j.await();
            }
        };
        Runnable vthreads = () -> {
            vwaiter = Thread.currentThread();
            Thread.Builder b = Thread.ofVirtual();
            for (int k = 0; k < n / batch; k++) {
                left.set(batch);
                for (int i = 0; i < batch; i++) b.start(vtask);
                while (left.get() != 0) LockSupport.park();
            }
        };
        if (!loom) Go.start();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r < rounds; r++) {
            long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
            if (loom) Thread.ofVirtual().start(vthreads).join();
            else Go.run(handoff);
            long t1 = System.nanoTime(), c1 = os.getProcessCpuTime();
            System.out.printf("%s round %d: %.1f ns/goroutine wall, %.1f ns/goroutine CPU%n",
                    loom ? "loom" : "handoff", r, (t1 - t0) / (double) n, (c1 - c0) / (double) n);
        }
        if (!loom) Go.shutdown();
    }
}
