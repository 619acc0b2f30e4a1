package dev.handoff.runtime;

import java.util.concurrent.locks.LockSupport;

/**
 * STAND-IN until the runtime branch is merged: one daemon platform thread that runs
 * {@link TimerHeap#SHARED}. It parks until the earliest deadline ({@code parkNanos}) and is unparked
 * by {@link TimerHeap#addLocked} when a timer arrives that is earlier than what it sleeps for. In Go's
 * design (the target) there is no such thread: each P runs its own heap from findRunnable, and
 * sysmon/the idle M's timed park cover idle Ps.
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
            long next = h.run(now);
            if (next == Long.MAX_VALUE) LockSupport.park(h);
            else LockSupport.parkNanos(h, next - now);
            Thread.interrupted(); // nobody should interrupt it; if someone does, do not spin
        }
    }
}
