package dev.handoff.time;

import dev.handoff.runtime.Chan;
import dev.handoff.runtime.RuntimeTimer;
import java.time.Duration;
import java.time.Instant;

/**
 * Go's {@code time.Ticker}: sends the time on {@link #c()} every period. A slow receiver loses ticks
 * (the channel buffers one), and a late tick does not make the next ones come early: the next tick is
 * the next multiple of the period after now (Go's rule).
 */
public final class Ticker {
    private final Chan<Instant> c = Chan.make(1);
    private final RuntimeTimer rt = RuntimeTimer.channelTimer(c);

    Ticker(long period) {
        rt.reset(period, period);
    }

    public Chan<Instant> c() {
        return c;
    }

    /** Turns the ticker off; no more ticks are sent (and none from before is left in {@link #c()}). */
    public void stop() {
        rt.stop();
    }

    /** Stops the ticker and restarts it with period {@code d}, the next tick after {@code d}. */
    public void reset(Duration d) {
        long n = Time.nanos(d);
        if (n <= 0) throw new IllegalArgumentException("non-positive interval for Ticker.Reset: " + d);
        rt.reset(n, n);
    }
}
