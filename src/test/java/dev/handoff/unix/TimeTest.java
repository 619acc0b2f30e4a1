package dev.handoff.unix;

import static dev.handoff.unix.K.*;
import static dev.handoff.unix.ZConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Clocks, sleeps and a timerfd that fires. */
class TimeTest {
    @Test
    void clocksAgreeWithJava() {
        try (Arena a = Arena.ofConfined()) {
            Timespec ts = new Timespec(a);
            Unix.clockGettime(CLOCK_REALTIME, ts);
            assertTrue(Math.abs(ts.toNanos() / 1_000_000 - System.currentTimeMillis()) < 5_000);
            Unix.clockGettime(CLOCK_MONOTONIC, ts);
            long t0 = ts.toNanos();
            Unix.clockGettime(CLOCK_MONOTONIC, ts);
            assertTrue(ts.toNanos() >= t0, "monotonic");
            Unix.clockGetres(CLOCK_MONOTONIC, ts);
            assertTrue(ts.toNanos() > 0 && ts.toNanos() <= 1_000_000);
            Timeval tv = new Timeval(a);
            Unix.gettimeofday(tv);
            assertTrue(Math.abs(tv.sec() - System.currentTimeMillis() / 1000) < 5);
            long[] t = new long[1];
            long now = Unix.time(t);
            assertEquals(now, t[0]);
            assertTrue(Math.abs(Unix.time(null) - System.currentTimeMillis() / 1000) < 5);
            StructArray<Timeval> itv = StructArray.allocate(a, Timeval.LAYOUT, 2, Timeval::wrap); // Timeval has no public array() yet
            Unix.getitimer(0, itv);                                  // ITIMER_REAL: none armed
            assertEquals(0, itv.get(1).sec());
        }
    }

    @Test
    void sleepsLastAtLeastTheirTime() {
        try (Arena a = Arena.ofConfined()) {
            Timespec now = new Timespec(a);
            Unix.clockGettime(CLOCK_MONOTONIC, now);
            long t0 = now.toNanos();
            Unix.nanosleep(Timespec.of(a, Duration.ofMillis(10)), null);
            Unix.clockGettime(CLOCK_MONOTONIC, now);
            assertTrue(now.toNanos() - t0 >= 10_000_000, "nanosleep slept");
            Timespec until = Timespec.of(a, Duration.ofNanos(now.toNanos() + 10_000_000));
            Unix.clockNanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, until, null);
            Unix.clockGettime(CLOCK_MONOTONIC, now);
            assertTrue(now.toNanos() >= until.toNanos(), "clock_nanosleep reached the absolute time");
        }
    }

    @Test
    void timerfdFires() {
        int fd = Unix.timerfdCreate(CLOCK_MONOTONIC, TFD_CLOEXEC);
        try (Arena a = Arena.ofConfined()) {
            Itimerspec its = new Itimerspec(a);
            its.value().set(Duration.ofMillis(20));
            Timespec now = new Timespec(a);
            Unix.clockGettime(CLOCK_MONOTONIC, now);
            long t0 = now.toNanos();
            Unix.timerfdSettime(fd, 0, its, null);
            Itimerspec cur = new Itimerspec(a);
            Unix.timerfdGettime(fd, cur);
            assertTrue(cur.value().toNanos() > 0 && cur.value().toNanos() <= 20_000_000, "armed");
            MemorySegment count = a.allocate(8);
            assertEquals(8, Unix.read(fd, count), "read blocks until it fires");
            assertEquals(1, count.get(ValueLayout.JAVA_LONG, 0), "one expiration");
            Unix.clockGettime(CLOCK_MONOTONIC, now);
            assertTrue(now.toNanos() - t0 >= 20_000_000);
        } finally {
            Unix.close(fd);
        }
    }
}
