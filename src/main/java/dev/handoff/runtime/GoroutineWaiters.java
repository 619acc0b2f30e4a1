package dev.handoff.runtime;

/**
 * The seam between the blocking primitives and the goroutine scheduler.
 *
 * <p>NOT WIRED YET: the runtime (G/P/M, gopark/goready) lives on the {@code runtime} branch, which is
 * not merged. Until it is, {@link #current()} answers null ("the caller is not a goroutine"), and every
 * caller parks as a thread through {@link ThreadWaiter}. Wiring it is: give G a {@code Waiter} field
 * holding a {@code GWaiter} whose park is {@code gopark(unlockf, reason)} and whose ready is
 * {@code goready(g)}, and return it here for {@code G.current() != null}.
 */
final class GoroutineWaiters {
    private GoroutineWaiters() {}

    /** The current goroutine's waiter, or null when the caller is not a goroutine. */
    static Waiter current() {
        return null;
    }
}
