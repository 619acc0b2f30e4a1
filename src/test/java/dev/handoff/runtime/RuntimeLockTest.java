package dev.handoff.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RuntimeLock under contention from virtual and platform threads (virtual threads yield the CPU with
 * sched_yield, then their carrier). The case of a virtual-thread holder unmounted inside the section
 * while every carrier spins is not tested here: see docs/benchmarks.md "Known problems".
 */
class RuntimeLockTest {
    static final Duration T = Duration.ofSeconds(30);

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
