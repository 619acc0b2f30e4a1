package dev.handoff.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for observable state with a deadline: never a sleep "to give it time". */
public final class Await {
    private Await() {}

    /** Returns once {@code condition} holds; fails with {@code what} when it has not by the deadline. */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
