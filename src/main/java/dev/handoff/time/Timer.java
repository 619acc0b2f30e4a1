package dev.handoff.time;

import dev.handoff.runtime.Chan;
import dev.handoff.runtime.RuntimeTimer;
import java.time.Duration;
import java.time.Instant;

/**
 * Go's {@code time.Timer}: one event in the future. Made by {@link Time#newTimer} (the time is sent on
 * {@link #c()}, a channel with a buffer of one) or {@link Time#afterFunc} (a function runs in its own
 * goroutine; {@link #c()} is null).
 *
 * <p>{@link #stop} and {@link #reset} follow Go 1.23: the result says whether the timer was still
 * pending; once they return, no value sent for the old setting can be received from {@link #c()}.
 */
public final class Timer {
    private final Chan<Instant> c;
    private final RuntimeTimer rt;

    private Timer(Chan<Instant> c, RuntimeTimer rt) {
        this.c = c;
        this.rt = rt;
    }

    static Timer channel(long delay) {
        Chan<Instant> c = Chan.make(1);
        Timer t = new Timer(c, RuntimeTimer.channelTimer(c));
        t.rt.reset(delay, 0);
        return t;
    }

    static Timer func(long delay, Runnable f) {
        Timer t = new Timer(null, RuntimeTimer.funcTimer(f));
        t.rt.reset(delay, 0);
        return t;
    }

    /** The channel the time is delivered on; null for an afterFunc timer. */
    public Chan<Instant> c() {
        return c;
    }

    /**
     * Prevents the timer from firing. Returns true if that stopped it, false if it had already fired or
     * been stopped (not an error: Go's contract). For afterFunc, false means the function has started.
     */
    public boolean stop() {
        return rt.stop();
    }

    /** Re-arms the timer to fire after {@code d}; returns whether it had been pending. */
    public boolean reset(Duration d) {
        return rt.reset(Time.nanos(d), 0);
    }
}
