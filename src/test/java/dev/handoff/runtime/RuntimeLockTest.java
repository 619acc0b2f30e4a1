package dev.handoff.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testing.Await;
import dev.handoff.testing.ChildJvm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * RuntimeLock's contention path from virtual threads: it yields the carrier's CPU (sched_yield) and
 * only after that gives the carrier to other virtual threads, which is what a holder unmounted inside
 * the section needs to finish.
 */
class RuntimeLockTest {
    static final Duration T = Duration.ofSeconds(30);

    /**
     * Runs in a child JVM with two carriers: the scenario occupies every carrier on purpose, so a
     * failure must not leave spinning virtual threads in the test JVM (in the suite's JVM, after
     * Lincheck's agent had been loaded, the holder once never got a carrier back and the spinners
     * starved every later virtual-thread test).
     */
    @Test
    void aVirtualThreadHolderUnmountedInsideTheSectionGetsACarrierBack() throws Exception {
        List<String> opts = new ArrayList<>(ChildJvm.HANDOFF_FLAGS);
        opts.add("-Djdk.virtualThreadScheduler.parallelism=2");
        ChildJvm.Result r = ChildJvm.run(Duration.ofMinutes(2), opts, HolderUnmounted.class);
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.stdout().contains("holder and spinners done"), r.all());
    }

    static final class HolderUnmounted {
        public static void main(String[] args) throws Exception {
            try {
                run();
            } catch (Throwable e) {
                System.out.println("FAILED: " + e);
                System.exit(1); // the spinners would keep the JVM busy otherwise
            }
            System.out.println("holder and spinners done");
            System.exit(0);
        }

        static void run() throws Exception {
            RuntimeLock lock = new RuntimeLock() {};
            Object monitor = new Object();
            AtomicInteger spinning = new AtomicInteger();
            int carriers = 2;
            List<Thread> spinners = new ArrayList<>();
            Thread holder;
            synchronized (monitor) {
                holder = Thread.ofVirtual().start(() -> {
                    lock.lock();
                    synchronized (monitor) { // blocks on the monitor enter: JDK 25 unmounts the virtual thread
                        monitor.hashCode();
                    }
                    lock.unlock();
                });
                Await.until(T, "the holder blocked on the monitor with the lock held",
                        () -> holder.getState() == Thread.State.BLOCKED && lock.isLocked());
                // As many spinners as carriers: once they all spin, no carrier is free for the holder
                // unless a spinner gives its carrier away.
                for (int i = 0; i < carriers; i++) {
                    spinners.add(Thread.ofVirtual().start(() -> {
                        spinning.incrementAndGet();
                        lock.lock();
                        lock.unlock();
                    }));
                }
                Await.until(T, "every spinner at the lock", () -> spinning.get() == carriers);
            }
            holder.join(T);
            assertFalse(holder.isAlive(), "the holder never got a carrier back: " + holder.getState());
            for (Thread s : spinners) {
                s.join(T);
                assertFalse(s.isAlive(), s + " still spins");
            }
            assertFalse(lock.isLocked());
        }
    }

    @Test
    void contendedFromVirtualAndPlatformThreadsItExcludes() throws Exception {
        RuntimeLock lock = new RuntimeLock() {};
        long[] counter = {0};
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Runnable r = () -> {
                for (int k = 0; k < 50_000; k++) {
                    lock.lock();
                    counter[0]++;
                    lock.unlock();
                }
            };
            ts.add(i % 2 == 0 ? Thread.ofVirtual().start(r) : Thread.ofPlatform().start(r));
        }
        for (Thread t : ts) assertTrue(t.join(T), t + " did not finish");
        assertTrue(counter[0] == 300_000, "lost updates: " + counter[0]);
    }
}
