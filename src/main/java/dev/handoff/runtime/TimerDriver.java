package dev.handoff.runtime;

import java.util.concurrent.locks.LockSupport;

/**
 * Runs {@link TimerHeap#SHARED}, the heap for timers armed outside goroutines (plain and virtual
 * threads, which have no P): one daemon platform thread that parks until the earliest deadline
 * ({@code parkNanos}) and is unparked by {@link TimerHeap#addLocked} when an earlier timer arrives.
 * Goroutines' timers do not come here: they live in their P's heap, run by the scheduler (Go's
 * design). A timer armed by a thread that readies a goroutine (a Timer's channel received by a
 * goroutine) is, for the deadlock detector, a wake-up from a plain thread: see Deadlock.
 */
final class TimerDriver {
    private static final Thread THREAD;

    static {
        THREAD = Thread.ofPlatform().daemon().name("handoff-timers").unstarted(TimerDriver::loop);
        TimerHeap.SHARED.onEarlier = () -> LockSupport.unpark(THREAD);
        THREAD.start();
    }

    private TimerDriver() {}

    /** Makes sure the driver runs (class initialization starts it). */
    static void ensureStarted() {}

    private static void loop() {
        TimerHeap h = TimerHeap.SHARED;
        for (;;) {
            long now = System.nanoTime();
            long next = h.runOwn(now);
            if (next == Long.MAX_VALUE) LockSupport.park(h);
            else LockSupport.parkNanos(h, next - now);
            Thread.interrupted(); // nobody should interrupt it; if someone does, do not spin
        }
    }
}
