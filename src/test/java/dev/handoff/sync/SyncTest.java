package dev.handoff.sync;

import static org.junit.jupiter.api.Assertions.*;

import dev.handoff.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** sync after Go's sync tests, between platform and virtual threads. */
class SyncTest {
    static final Duration T = Duration.ofSeconds(20);

    static Thread start(int i, Runnable r) {
        return i % 2 == 0 ? Thread.ofVirtual().start(r) : Thread.ofPlatform().start(r);
    }

    static void join(List<Thread> ts) throws InterruptedException {
        for (Thread t : ts) {
            t.join(T.toMillis());
            assertFalse(t.isAlive(), t + " did not finish");
        }
    }

    /**
     * Four virtual threads on one Mutex, round after round (bench/extra/MutexVirtualHang.java): one lost
     * its wake-up in 1-10 % of one-second runs while RuntimeLock's contention path called Thread.yield
     * from virtual threads. A regression shows up here only sometimes: the repro is the sharper tool.
     */
    @Test
    void mutexFromVirtualThreadsDoesNotLoseAWakeup() throws Exception {
        for (int round = 0; round < 200; round++) {
            Mutex m = new Mutex();
            int[] counter = {0};
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ts.add(Thread.ofVirtual().start(() -> {
                    for (int k = 0; k < 25_000; k++) {
                        m.lock();
                        counter[0]++;
                        m.unlock();
                    }
                }));
            }
            for (Thread t : ts) assertTrue(t.join(T), "round " + round + ": " + t + " still waits, " + m);
            assertEquals(100_000, counter[0]);
        }
    }

    @Test
    void mutexExcludes() throws Exception {
        Mutex m = new Mutex();
        int[] counter = {0};
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ts.add(start(i, () -> {
                for (int k = 0; k < 20_000; k++) {
                    m.lock();
                    counter[0]++;
                    m.unlock();
                }
            }));
        }
        join(ts);
        assertEquals(8 * 20_000, counter[0]);
        assertEquals(0, m.state(), "unlocked, no waiters");
    }

    @Test
    void unlockOfUnlockedMutexThrowsAndLeavesItUsable() {
        Mutex m = new Mutex();
        var e = assertThrows(IllegalMonitorStateException.class, m::unlock);
        assertEquals("sync: unlock of unlocked mutex", e.getMessage());
        assertTrue(m.tryLock());
        assertFalse(m.tryLock());
        m.unlock();
        assertEquals(0, m.state());
    }

    @Test
    void starvationModeHandsTheMutexToAWaiterThatWaitedOverOneMillisecond() throws Exception {
        // Normal mode lets a running locker barge past a woken waiter. Once that waiter has waited more
        // than 1 ms it switches the mutex to starvation mode, and from then on unlock hands it over:
        // a locker arriving afterwards (even the unlocker itself, relocking at once) queues behind it.
        Mutex m = new Mutex();
        long deadline = System.nanoTime() + T.toNanos();
        while (true) {
            assertTrue(System.nanoTime() < deadline, "never saw starvation mode: " + m);
            m.lock();
            AtomicBoolean got = new AtomicBoolean();
            Thread w = Thread.ofPlatform().start(() -> {
                m.lock();
                got.set(true);
                m.unlock();
            });
            Await.until(T, "waiter queued", () -> (m.state() >>> Mutex.WAITER_SHIFT) == 1);
            long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < 3 * Mutex.STARVATION_THRESHOLD_NS) Thread.onSpinWait(); // a workload: hold it
            m.unlock(); // wakes w in normal mode
            m.lock();   // ... and barges back in, unless w was quicker
            if (got.get()) { // w won the race: nothing to see this round
                m.unlock();
                w.join(T.toMillis());
                continue;
            }
            Await.until(T, "the woken waiter lost, waited > 1 ms and set STARVING",
                    () -> (m.state() & Mutex.STARVING) != 0 || !w.isAlive());
            assertTrue((m.state() & Mutex.STARVING) != 0, "starvation mode: " + m);
            m.unlock(); // hand-off to w
            m.lock();   // must queue behind w
            assertTrue(got.get(), "starvation mode let the unlocker barge in");
            m.unlock();
            w.join(T.toMillis());
            assertFalse(w.isAlive());
            assertEquals(0, m.state(), "back to normal mode, unlocked, no waiters");
            return;
        }
    }

    @Test
    void rwmutexAdmitsReadersTogetherAndWritersAlone() throws Exception {
        RWMutex rw = new RWMutex();
        rw.rlock();
        assertTrue(rw.tryRLock(), "a second reader enters while a reader is inside");
        assertFalse(rw.tryLock(), "no writer while readers are inside");
        rw.runlock();
        AtomicBoolean wrote = new AtomicBoolean();
        Thread w = Thread.ofVirtual().start(() -> {
            rw.lock();
            wrote.set(true);
            rw.unlock();
        });
        Await.until(T, "writer pending blocks new readers", () -> !rw.tryRLockThenUndo());
        assertFalse(wrote.get(), "the writer waits for the reader inside");
        rw.runlock();
        w.join(T.toMillis());
        assertTrue(wrote.get());
        assertTrue(rw.tryLock());
        rw.unlock();
    }

    @Test
    void rwmutexStress() throws Exception {
        RWMutex rw = new RWMutex();
        AtomicInteger readers = new AtomicInteger(), writers = new AtomicInteger();
        AtomicReference<String> bad = new AtomicReference<>();
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            boolean writer = i < 2;
            ts.add(start(i, () -> {
                for (int k = 0; k < 5_000; k++) {
                    if (writer) {
                        rw.lock();
                        if (writers.incrementAndGet() != 1 || readers.get() != 0) bad.set("writer not alone");
                        writers.decrementAndGet();
                        rw.unlock();
                    } else {
                        rw.rlock();
                        readers.incrementAndGet();
                        if (writers.get() != 0) bad.set("reader with a writer");
                        readers.decrementAndGet();
                        rw.runlock();
                    }
                }
            }));
        }
        join(ts);
        assertNull(bad.get());
    }

    @Test
    void rwmutexMisuseThrows() {
        RWMutex rw = new RWMutex();
        assertEquals("sync: RUnlock of unlocked RWMutex", assertThrows(IllegalMonitorStateException.class, rw::runlock).getMessage());
        assertEquals("sync: Unlock of unlocked RWMutex", assertThrows(IllegalMonitorStateException.class, rw::unlock).getMessage());
        rw.lock();
        rw.unlock();
        rw.rlock();
        rw.runlock();
    }

    @Test
    void waitGroupWaitsForEveryDone() throws Exception {
        WaitGroup wg = new WaitGroup();
        int n = 50;
        AtomicInteger finished = new AtomicInteger();
        Thread gate = Thread.ofVirtual().unstarted(() -> {});
        wg.add(n);
        List<Thread> waiters = new ArrayList<>();
        int[] seen = new int[3];
        for (int i = 0; i < 3; i++) {
            int k = i;
            waiters.add(start(i, () -> {
                wg.await();
                seen[k] = finished.get();
            }));
        }
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            workers.add(start(i, () -> {
                finished.incrementAndGet();
                wg.done();
            }));
        }
        join(workers);
        join(waiters);
        for (int s : seen) assertEquals(n, s, "await returned before every done");
        assertEquals(0, wg.counter());
        wg.await(); // counter 0: returns at once
        assertNotNull(gate);
    }

    @Test
    void waitGroupNegativeCounterThrows() {
        WaitGroup wg = new WaitGroup();
        assertEquals("sync: negative WaitGroup counter", assertThrows(IllegalStateException.class, wg::done).getMessage());
        wg.add(1);
        wg.done();
        assertEquals(0, wg.counter(), "still usable");
    }

    @Test
    void onceRunsExactlyOnceAndEveryoneSeesItDone() throws Exception {
        Once once = new Once();
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger sawDone = new AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            ts.add(start(i, () -> {
                once.run(runs::incrementAndGet);
                if (runs.get() == 1) sawDone.incrementAndGet();
            }));
        }
        join(ts);
        assertEquals(1, runs.get());
        assertEquals(16, sawDone.get());
        Once failing = new Once();
        assertThrows(IllegalStateException.class, () -> failing.run(() -> { throw new IllegalStateException("boom"); }));
        assertTrue(failing.isDone());
        failing.run(() -> fail("a failed Once is still done"));
    }

    @Test
    void condSignalIsNotLostAndBroadcastWakesAll() throws Exception {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        int[] entered = {0};
        boolean[] go = {false};
        int n = 8;
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ts.add(start(i, () -> {
                m.lock();
                entered[0]++;
                while (!go[0]) c.await();
                m.unlock();
            }));
        }
        Await.until(T, "all waiters inside await", () -> {
            m.lock();
            try {
                return entered[0] == n;
            } finally {
                m.unlock();
            }
        });
        m.lock();
        go[0] = true;
        c.broadcast();
        m.unlock();
        join(ts);

        // Ping-pong with signal: a signal sent between a waiter's unlock and its park must not be lost.
        int[] turn = {0};
        int rounds = 5_000;
        Runnable player0 = () -> play(m, c, turn, 0, rounds);
        Runnable player1 = () -> play(m, c, turn, 1, rounds);
        List<Thread> ps = List.of(Thread.ofPlatform().start(player0), Thread.ofVirtual().start(player1));
        join(ps);
        assertEquals(2 * rounds, turn[0]);
    }

    private static void play(Mutex m, Cond c, int[] turn, int me, int rounds) {
        for (int i = 0; i < rounds; i++) {
            m.lock();
            while (turn[0] % 2 != me) c.await();
            turn[0]++;
            c.signal();
            m.unlock();
        }
    }

    @Test
    void condNeedsALocker() {
        assertThrows(NullPointerException.class, () -> new Cond(null));
    }
}
