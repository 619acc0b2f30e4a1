package dev.handoff.context;

import dev.handoff.runtime.Chan;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Go's {@code context.Context}: a deadline, a cancellation signal and request-scoped values, carried
 * across API boundaries and goroutines.
 *
 * <pre>{@code
 * try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(1))) {
 *     Select s = new Select();
 *     int got = s.recv(results), timedOut = s.recv(ctx.done());
 *     if (s.select() == timedOut) throw ctx.err();
 * }   // close() = cancel(): releases the timer and the parent's reference
 * }</pre>
 *
 * <p>{@link #done()} is a channel that is closed when the context is canceled or its deadline
 * passes, so it works in a {@link dev.handoff.runtime.Select} and with {@code recv()}. A context that
 * can never be done (background) returns the nil channel, which is never ready — as in Go.
 * Cancelling a parent cancels all its descendants; cancelling a child leaves the parent alone.
 */
public interface Context {
    /** The context was canceled. */
    ContextError CANCELED = new ContextError("context canceled", false);
    /** The context's deadline passed. */
    ContextError DEADLINE_EXCEEDED = new ContextError("context deadline exceeded", true);

    /** When this context will be done by itself, if ever. */
    Optional<Instant> deadline();

    /** Closed when this context is done; the nil channel if it never can be. */
    Chan<?> done();

    /** Null while not done; then {@link #CANCELED} or {@link #DEADLINE_EXCEEDED}, forever. */
    ContextError err();

    /** The value bound to {@code key} here or in an ancestor, or null. */
    Object value(Object key);

    /** The root: never canceled, no deadline, no values. */
    static Context background() {
        return EmptyCtx.BACKGROUND;
    }

    /** A placeholder when it is unclear which context to use (Go's TODO). */
    static Context todo() {
        return EmptyCtx.TODO;
    }

    /** A child that is done when {@link CancelContext#cancel()} is called or the parent is done. */
    static CancelContext withCancel(Context parent) {
        return new CancelCtx(requireParent(parent));
    }

    /**
     * A child that is also done at {@code deadline} (with DEADLINE_EXCEEDED). If the parent's deadline
     * is earlier, this is the same as {@link #withCancel}; a deadline in the past is done at once.
     */
    static CancelContext withDeadline(Context parent, Instant deadline) {
        requireParent(parent);
        Objects.requireNonNull(deadline, "deadline");
        Optional<Instant> pd = parent.deadline();
        if (pd.isPresent() && pd.get().isBefore(deadline)) return new CancelCtx(parent); // parent's is sooner
        return new TimerCtx(parent, deadline);
    }

    /** {@code withDeadline(parent, now + timeout)}; a zero or negative timeout is done at once. */
    static CancelContext withTimeout(Context parent, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        Instant now = Instant.now();
        Instant d;
        try {
            d = now.plus(timeout);
        } catch (java.time.DateTimeException | ArithmeticException far) {
            d = timeout.isNegative() ? Instant.MIN : Instant.MAX;
        }
        return withDeadline(parent, d);
    }

    /** A child carrying {@code key → val}; keys are compared with equals and must not be null. */
    static Context withValue(Context parent, Object key, Object val) {
        return new ValueCtx(requireParent(parent), Objects.requireNonNull(key, "nil key"), val);
    }

    private static Context requireParent(Context parent) {
        return Objects.requireNonNull(parent, "cannot create context from nil parent");
    }
}
