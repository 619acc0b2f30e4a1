package dev.handoff.time;

import static org.junit.jupiter.api.Assertions.*;

import dev.handoff.runtime.Chan;
import dev.handoff.runtime.Select;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** time after Go's sleep/timer/ticker tests; waits are on timers and channels, never Thread.sleep. */
class TimeTest {
    static final Duration T = Duration.ofSeconds(20);

    static Duration ms(long n) {
        return Duration.ofMillis(n);
    }

    /** Receives from {@code c}, failing if nothing arrives within the test deadline (a timer of its own). */
    static <X> X recvWithin(Chan<X> c) {
        Select s = new Select();
        int got = s.recv(c);
        s.recv(Time.after(T));
        assertEquals(got, s.select(), "nothing received from " + c + " within " + T);
        return s.value();
    }

    /** True if {@code c} yields nothing before {@code quiet} has passed. */
    static boolean staysEmpty(Chan<?> c, Duration quiet) {
        Select s = new Select();
        int got = s.recv(c);
        s.recv(Time.after(quiet));
        return s.select() != got;
    }

    @Test
    void sleepSleepsAtLeastItsDurationAndNotMuchLonger() {
        long t0 = System.nanoTime();
        Time.sleep(ms(20));
        long took = System.nanoTime() - t0;
        assertTrue(took >= 20_000_000, "slept only " + took + " ns");
        assertTrue(took < 5_000_000_000L, "slept " + took + " ns");
        long t1 = System.nanoTime();
        Time.sleep(Duration.ofNanos(-5));
        Time.sleep(Duration.ZERO);
        assertTrue(System.nanoTime() - t1 < 1_000_000_000L, "non-positive sleep returns at once");
        assertThrows(NullPointerException.class, () -> Time.sleep(null));
    }

    @Test
    void manySleepersOnVirtualThreadsAllWakeAfterTheirDeadline() throws Exception {
        int n = 2_000;
        AtomicInteger early = new AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long d = ThreadLocalRandom.current().nextLong(1, 30);
            ts.add(Thread.ofVirtual().start(() -> {
                long t0 = System.nanoTime();
                Time.sleep(ms(d));
                if (System.nanoTime() - t0 < d * 1_000_000) early.incrementAndGet();
            }));
        }
        for (Thread t : ts) {
            t.join(T.toMillis());
            assertFalse(t.isAlive());
        }
        assertEquals(0, early.get());
    }

    @Test
    void afterDeliversTheTimeOnce() {
        Instant before = Instant.now();
        long t0 = System.nanoTime();
        Chan<Instant> c = Time.after(ms(10));
        Instant at = recvWithin(c);
        assertTrue(System.nanoTime() - t0 >= 10_000_000);
        assertFalse(at.isBefore(before));
        assertTrue(staysEmpty(c, ms(30)), "a timer fires once");
        assertNotNull(recvWithin(Time.after(ms(-1))), "a negative duration fires at once");
    }

    @Test
    void stopBeforeFiringPreventsItAndStopAfterFiringReturnsFalse() {
        Timer t = Time.newTimer(ms(40));
        assertTrue(t.stop());
        assertFalse(t.stop(), "already stopped");
        assertTrue(staysEmpty(t.c(), ms(80)));

        Timer fired = Time.newTimer(ms(1));
        recvWithin(fired.c());
        assertFalse(fired.stop(), "Stop on a fired timer: false, no exception (Go)");
        assertFalse(fired.reset(ms(1)), "it was not pending");
        recvWithin(fired.c());
    }

    @Test
    void resetLeavesNoStaleValue() {
        Timer t = Time.newTimer(ms(1));
        // Let it fire into the buffer: wait for the value to be there, without taking it.
        long deadline = System.nanoTime() + T.toNanos();
        while (t.c().len() == 0) {
            assertTrue(System.nanoTime() < deadline);
            Thread.onSpinWait();
        }
        assertFalse(t.reset(ms(50)), "had fired");
        assertEquals(0, t.c().len(), "the old value was drained by Reset (Go 1.23)");
        long t0 = System.nanoTime();
        recvWithin(t.c());
        assertTrue(System.nanoTime() - t0 >= 40_000_000L, "the value is the new setting's");
    }

    @Test
    void stopAndResetRaceWithFiringWithoutLosingOrDuplicating() throws Exception {
        // Go's TestReset/TestStopRace in spirit: 4 threads stop and reset one timer with tiny delays
        // while it fires. Afterwards: a final stop leaves nothing behind, and one more reset fires
        // exactly once.
        Timer t = Time.newTimer(Duration.ofNanos(1));
        AtomicLong ops = new AtomicLong();
        List<Thread> ts = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            ts.add(Thread.ofPlatform().start(() -> {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                for (int i = 0; i < 20_000; i++) {
                    switch (r.nextInt(3)) {
                        case 0 -> t.stop();
                        case 1 -> t.reset(Duration.ofNanos(r.nextLong(0, 50_000)));
                        default -> t.c().tryRecv();
                    }
                    ops.incrementAndGet();
                }
            }));
        }
        for (Thread x : ts) {
            x.join(T.toMillis());
            assertFalse(x.isAlive());
        }
        assertEquals(80_000, ops.get());
        t.stop();
        assertEquals(0, t.c().len());
        assertTrue(staysEmpty(t.c(), ms(30)), "nothing after the final Stop");
        assertFalse(t.reset(ms(1)));
        recvWithin(t.c());
        assertTrue(staysEmpty(t.c(), ms(30)), "exactly once");
    }

    @Test
    void afterFuncRunsOnceInItsOwnThreadAndStopPreventsIt() {
        Chan<String> done = Chan.make(1);
        Thread caller = Thread.currentThread();
        Timer t = Time.afterFunc(ms(5), () -> done.send(Thread.currentThread() == caller ? "same" : "own"));
        assertNull(t.c());
        assertEquals("own", recvWithin(done));
        assertFalse(t.stop());

        Timer never = Time.afterFunc(ms(40), () -> done.send("ran"));
        assertTrue(never.stop());
        assertTrue(staysEmpty(done, ms(80)));
        assertThrows(NullPointerException.class, () -> Time.afterFunc(ms(1), null));
    }

    @Test
    void tickerTicksStopsAndRejectsNonPositiveIntervals() {
        Ticker tk = Time.newTicker(ms(5));
        Instant prev = Instant.MIN;
        for (int i = 0; i < 5; i++) {
            Instant at = recvWithin(tk.c());
            assertTrue(at.isAfter(prev));
            prev = at;
        }
        tk.stop();
        assertTrue(staysEmpty(tk.c(), ms(30)), "no tick after Stop");
        tk.reset(ms(3));
        recvWithin(tk.c());
        tk.stop();
        assertThrows(IllegalArgumentException.class, () -> Time.newTicker(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Time.newTicker(ms(-1)));
        assertThrows(IllegalArgumentException.class, () -> tk.reset(Duration.ZERO));
        assertSame(Chan.nil(), Time.tick(Duration.ZERO), "Go: Tick(d <= 0) is nil");
    }

    @Test
    void aSlowTickerReceiverLosesTicksInsteadOfQueueingThem() {
        Ticker tk = Time.newTicker(Duration.ofNanos(200_000));
        Timer quiet = Time.newTimer(ms(20));
        recvWithin(quiet.c()); // ~100 ticks' worth of time passes unread
        assertTrue(tk.c().len() <= 1, "at most one tick buffered");
        tk.stop();
    }

    @Test
    void hugeDurationsDoNotOverflow() {
        Timer t = Time.newTimer(Duration.ofSeconds(Long.MAX_VALUE));
        Timer soon = Time.newTimer(ms(1));
        recvWithin(soon.c());
        assertTrue(t.stop(), "still pending: 'never' did not wrap into the past");
    }
}
