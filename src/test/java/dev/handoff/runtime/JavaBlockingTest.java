package dev.handoff.runtime;

import static dev.handoff.runtime.Go.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jdk.internal.vm.Continuation;
import org.junit.jupiter.api.Test;

/**
 * Java code inside goroutines (issue 4, item 8): monitors, Thread.sleep, Object.wait and pinned
 * continuations must not stop the other goroutines of a P.
 */
class JavaBlockingTest {

    private static Sched sched() {
        return ((M) Thread.currentThread()).sched;
    }

    @Test
    void goroutineParkedWhileHoldingAMonitorLetsOthersRun() {
        Object monitor = new Object();
        AtomicBoolean otherRanWhileHeld = new AtomicBoolean();
        AtomicReference<Thread> before = new AtomicReference<>(), after = new AtomicReference<>();
        Go.main(() -> {
            gomaxprocs(1);
            Latch parked = new Latch(1);
            Latch wake = new Latch(1);
            Latch done = new Latch(2);
            go(() -> {
                synchronized (monitor) {
                    before.set(Thread.currentThread());
                    parked.countDown();
                    wake.await(); // parks with the monitor held (JDK 25 lets the continuation unmount)
                    after.set(Thread.currentThread());
                }
                done.countDown();
            });
            parked.await();
            go(() -> {
                otherRanWhileHeld.set(true);
                wake.countDown();
                done.countDown();
            });
            done.await();
        });
        assertTrue(otherRanWhileHeld.get());
        assertNotNull(after.get());
    }

    @Test
    void goroutineInThreadSleepLetsOthersOnItsPGoOn() {
        AtomicLong sleeperWoke = new AtomicLong();
        AtomicLong yielderDone = new AtomicLong();
        AtomicLong takes = new AtomicLong();
        Go.main(() -> {
            gomaxprocs(1);
            Sched s = sched();
            long t0 = s.stats.blockedTakes.get();
            Latch done = new Latch(2);
            AtomicBoolean sleeping = new AtomicBoolean();
            go(() -> {
                sleeping.set(true);
                try {
                    Thread.sleep(300); // a plain JDK block: the runtime is not told
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                sleeperWoke.set(System.nanoTime());
                gosched(); // its next runtime call takes a P back
                done.countDown();
            });
            go(() -> {
                for (int i = 0; i < 1000; i++) gosched();
                yielderDone.set(System.nanoTime());
                done.countDown();
            });
            done.await();
            takes.set(s.stats.blockedTakes.get() - t0);
        });
        assertTrue(yielderDone.get() < sleeperWoke.get(), "the yielder must finish while the other goroutine sleeps");
        assertTrue(takes.get() >= 1, "sysmon must have taken the sleeping goroutine's P");
    }

    @Test
    void goroutineInObjectWaitLetsOthersGoOn() {
        Object mon = new Object();
        AtomicBoolean flag = new AtomicBoolean();
        Go.main(() -> {
            gomaxprocs(1);
            Latch done = new Latch(2);
            go(() -> {
                synchronized (mon) {
                    while (!flag.get()) {
                        try {
                            mon.wait();
                        } catch (InterruptedException e) {
                            throw new AssertionError(e);
                        }
                    }
                }
                done.countDown();
            });
            go(() -> {
                for (int i = 0; i < 100; i++) gosched();
                synchronized (mon) {
                    flag.set(true);
                    mon.notifyAll();
                }
                done.countDown();
            });
            done.await();
        });
        assertTrue(flag.get());
    }

    @Test
    void pinnedParkBlocksItsMAndHandsThePOff() {
        AtomicReference<Thread> before = new AtomicReference<>(), after = new AtomicReference<>();
        AtomicLong pinned = new AtomicLong();
        Go.main(() -> {
            gomaxprocs(1);
            Sched s = sched();
            long p0 = s.stats.pinnedParks.get();
            Latch parked = new Latch(1);
            Latch wake = new Latch(1);
            Latch done = new Latch(2);
            go(() -> {
                Continuation.pin(); // a critical section: the continuation cannot unmount
                try {
                    before.set(Thread.currentThread());
                    parked.countDown();
                    wake.await();
                    after.set(Thread.currentThread());
                } finally {
                    Continuation.unpin();
                }
                done.countDown();
            });
            parked.await();
            go(() -> {
                wake.countDown();
                done.countDown();
            });
            done.await();
            pinned.set(s.stats.pinnedParks.get() - p0);
        });
        assertTrue(pinned.get() >= 1, "pinned parks: " + pinned.get());
        assertSame(before.get(), after.get(), "a pinned goroutine resumes on the thread that kept it");
    }

    @Test
    void pinnedGoroutineComingBackFromASyscallWithNoFreePWaitsInPlace() {
        AtomicReference<Thread> before = new AtomicReference<>(), after = new AtomicReference<>();
        Go.main(() -> {
            gomaxprocs(1);
            Latch done = new Latch(2);
            AtomicBoolean sleeperBack = new AtomicBoolean();
            G sleeper = go(() -> {
                Continuation.pin();
                try {
                    before.set(Thread.currentThread());
                    Sys.nanosleep(50_000_000L, false);
                    after.set(Thread.currentThread());
                } finally {
                    Continuation.unpin();
                }
                sleeperBack.set(true);
                done.countDown();
            });
            Sys.await("sleeper in syscall", java.time.Duration.ofSeconds(10), () -> sleeper.status() == GStatus._Gsyscall);
            go(() -> {
                // Keep the only P busy until the sleeper is back, so its exit finds no idle P.
                while (!sleeperBack.get()) gosched();
                done.countDown();
            });
            done.await();
        });
        assertSame(before.get(), after.get());
    }
}
