package dev.handoff.time;

import dev.handoff.runtime.Chan;
import dev.handoff.runtime.RuntimeTimer;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Go's {@code time} package, the waiting half: {@link #sleep}, {@link #after}, {@link #tick},
 * {@link #newTimer}, {@link #afterFunc}, {@link #newTicker}. Values sent on timer channels are the
 * {@link Instant} at which the timer fired.
 *
 * <p>Timers live in the runtime's timer heap ({@link RuntimeTimer}); no thread per timer. A goroutine
 * that sleeps parks with gopark and never holds its M; a platform or virtual thread blocks.
 *
 * <p>Durations, as in Go: zero or negative means "already expired" — {@code sleep} returns at once, a
 * timer fires at once; tickers need a positive interval ({@link IllegalArgumentException}, Go's panic);
 * a null Duration is a {@link NullPointerException}. Delays beyond ~146 years are clamped.
 */
public final class Time {
    private Time() {}

    static long nanos(Duration d) {
        Objects.requireNonNull(d, "duration");
        try {
            return d.toNanos();
        } catch (ArithmeticException overflow) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** Pauses the caller for at least {@code d}; returns at once if {@code d} ≤ 0. */
    public static void sleep(Duration d) {
        RuntimeTimer.sleep(nanos(d));
    }

    /** A channel that receives the time once, after {@code d} (Go's time.After). */
    public static Chan<Instant> after(Duration d) {
        return newTimer(d).c();
    }

    /** A ticker's channel that cannot be stopped (Go's time.Tick); the nil channel if {@code d} ≤ 0, as in Go. */
    public static Chan<Instant> tick(Duration d) {
        if (nanos(d) <= 0) return Chan.nil();
        return newTicker(d).c();
    }

    /** A timer that sends the time on {@link Timer#c()} after {@code d}. */
    public static Timer newTimer(Duration d) {
        return Timer.channel(nanos(d));
    }

    /** Runs {@code f} in its own goroutine after {@code d}; the returned timer's {@link Timer#c()} is null. */
    public static Timer afterFunc(Duration d, Runnable f) {
        return Timer.func(nanos(d), Objects.requireNonNull(f, "afterFunc needs a function"));
    }

    /** A ticker that sends the time every {@code d} ({@code d} must be positive). */
    public static Ticker newTicker(Duration d) {
        long n = nanos(d);
        if (n <= 0) throw new IllegalArgumentException("non-positive interval for NewTicker: " + d);
        return new Ticker(n);
    }
}
