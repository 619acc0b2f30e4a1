package dev.handoff.context;

import dev.handoff.time.Time;
import dev.handoff.time.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** A cancellable context with a deadline (Go's timerCtx): a runtime timer cancels it with DEADLINE_EXCEEDED. */
final class TimerCtx extends CancelCtx {
    private final Instant deadline;
    private volatile Timer timer;

    TimerCtx(Context parent, Instant deadline) {
        super(parent);
        this.deadline = deadline;
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.isNegative() || left.isZero()) {
            cancel(true, Context.DEADLINE_EXCEEDED);
            return;
        }
        mu.lock();
        try {
            if (err() == null) timer = Time.afterFunc(left, () -> cancel(true, Context.DEADLINE_EXCEEDED));
        } finally {
            mu.unlock();
        }
    }

    @Override
    void onCancel() {
        mu.lock();
        Timer t = timer;
        timer = null;
        mu.unlock();
        if (t != null) t.stop();
    }

    @Override
    public Optional<Instant> deadline() {
        return Optional.of(deadline);
    }

    @Override
    public String toString() {
        return parent + ".WithDeadline(" + deadline + ")";
    }
}
