package dev.handoff.runtime;

/** How runtime support code starts a goroutine (timers' afterFunc, context watchers). */
final class Goroutines {
    private Goroutines() {}

    /**
     * On an M (a timer fired from a P's heap, or a goroutine asks): Go's {@code go fn()}. Elsewhere — a
     * timer fired by the stand-in driver for timers made outside goroutines — a virtual thread.
     */
    static void go(Runnable fn) {
        if (Proc.currentP() != null) Go.go(fn);
        else Thread.ofVirtual().name("handoff-afterfunc").start(fn);
    }
}
