package dev.handoff.runtime;

import java.time.Instant;
import java.util.Objects;

/**
 * A runtime timer (Go's runtime {@code timer}): fires once at {@code when} or every {@code period},
 * from a {@link TimerHeap}. Runtime support for {@code dev.handoff.time}; the user-facing types are
 * {@code dev.handoff.time.Timer} and {@code Ticker}.
 *
 * <p>Three kinds, as in Go: a channel timer ({@link #channelTimer}: sends the time on its channel without
 * blocking, dropping the value if the buffer is full, like Go's sendTime); a function timer
 * ({@link #funcTimer}: starts the function in its own goroutine, like time.AfterFunc); the sleep timer
 * ({@link #sleep}: readies the sleeping party).
 *
 * <p>Stop and Reset are exact (see {@link TimerHeap}): the return value says whether the timer was
 * pending, and for a channel timer the channel is drained under the heap lock, so no value from before
 * the call can be received after it (Go 1.23's guarantee).
 *
 * <p>Fields {@code when}, {@code period}, {@code index} and {@code heap} are guarded by the lock of
 * the heap the timer is (or was last) in.
 */
public final class RuntimeTimer {
    long when, period;
    int index = -1;
    /** Its function is running (outside the heap lock); stop and reset wait for it (Go's timerRunning). */
    volatile boolean firing;
    volatile TimerHeap heap;
    final TimerFunc f;
    final Object arg;

    private RuntimeTimer(TimerFunc f, Object arg) {
        this.f = f;
        this.arg = arg;
    }

    private static final TimerFunc SEND_TIME = (t, now) -> {
        @SuppressWarnings("unchecked")
        Chan<Instant> c = (Chan<Instant>) t.arg;
        c.trySend(Instant.now()); // a full buffer means an unread tick: drop this one (Go's sendTime)
    };

    private static final TimerFunc GO_FUNC = (t, now) -> Goroutines.go((Runnable) t.arg);

    private static final TimerFunc READY = (t, now) -> ((Waiter) t.arg).ready();

    /** A timer that sends the current time on {@code c} (which should have a buffer of 1). */
    public static RuntimeTimer channelTimer(Chan<Instant> c) {
        return new RuntimeTimer(SEND_TIME, Objects.requireNonNull(c));
    }

    /** A timer that runs {@code fn} in a new goroutine (a virtual thread until the runtime lands). */
    public static RuntimeTimer funcTimer(Runnable fn) {
        return new RuntimeTimer(GO_FUNC, Objects.requireNonNull(fn));
    }

    /** Where a new (or not pending) timer goes: the caller's P's heap if it runs on one, else SHARED. */
    private static TimerHeap heap() {
        P pp = Proc.currentP();
        if (pp != null) return TimerHeap.of(pp);
        TimerDriver.ensureStarted();
        return TimerHeap.SHARED;
    }

    /**
     * (Re)arms the timer to fire after {@code delayNanos} (≤ 0: as soon as possible) and then every
     * {@code periodNanos} if that is > 0. Returns whether it was pending before.
     */
    public boolean reset(long delayNanos, long periodNanos) {
        if (periodNanos < 0) throw new IllegalArgumentException("negative period: " + periodNanos);
        TimerHeap h = lockHeap();
        try {
            boolean was = h.deleteLocked(this);
            drainLocked();
            when = System.nanoTime() + clamp(delayNanos);
            period = periodNanos;
            h.addLocked(this);
            return was;
        } finally {
            h.unlock();
        }
    }

    /** Disarms the timer; returns true if that stopped it from firing, false if it had fired or was stopped. */
    public boolean stop() {
        TimerHeap h = lockHeap();
        try {
            boolean was = h.deleteLocked(this);
            drainLocked();
            return was;
        } finally {
            h.unlock();
        }
    }

    /** Whether it is armed (a snapshot). */
    public boolean isPending() {
        TimerHeap h = lockHeap();
        boolean p = index >= 0;
        h.unlock();
        return p;
    }

    /** Delays beyond ~146 years are as good as never, and keep {@code when} differences overflow-free. */
    static final long MAX_DELAY = 1L << 62;

    static long clamp(long delayNanos) {
        return Math.max(0, Math.min(delayNanos, MAX_DELAY));
    }

    /** For tests: a timer with any function. */
    static RuntimeTimer forTest(TimerFunc f, Object arg) {
        return new RuntimeTimer(f, arg);
    }

    /**
     * Locks the heap this timer belongs to: the one it was first armed in (it stays there, so stop and
     * reset from anywhere find it), re-checked under the lock because procresize may move it; and
     * waits out a run of its function, so the caller sees it either pending or completely fired.
     */
    private TimerHeap lockHeap() {
        for (;;) {
            TimerHeap h = heap;
            if (h == null) {
                TimerHeap fresh = heap();
                fresh.lock();
                if (heap == null) {
                    heap = fresh; // claimed: armed timers of this object go here from now on
                    return fresh;
                }
                fresh.unlock();
                continue;
            }
            h.lock();
            if (heap == h && !firing) return h;
            h.unlock();
            if (firing) Thread.onSpinWait(); // a short function (a send, a goready): wait it out
        }
    }

    private void drainLocked() {
        if (f == SEND_TIME) ((Chan<?>) arg).tryRecv();
    }

    /** Go's timeSleep: parks the caller for {@code nanos} (returns at once if ≤ 0). */
    public static void sleep(long nanos) {
        if (nanos <= 0) return;
        Waiter me = Waiter.current();
        RuntimeTimer t = me.sleepTimer;
        if (t == null) t = me.sleepTimer = new RuntimeTimer(READY, me);
        TimerHeap h = heap();
        h.lock();
        t.when = System.nanoTime() + clamp(nanos);
        t.period = 0;
        me.prepareToPark();
        h.addLocked(t);
        me.park(h.unlockf, t, WaitReason.SLEEP);
    }

}
