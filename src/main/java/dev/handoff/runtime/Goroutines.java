package dev.handoff.runtime;

/**
 * How runtime support code starts a goroutine (timers' afterFunc, context watchers).
 *
 * <p>NOT WIRED YET: until the runtime branch is merged this starts a virtual thread. After the merge
 * it becomes the runtime's {@code go(fn)}.
 */
final class Goroutines {
    private Goroutines() {}

    static void go(Runnable fn) {
        Thread.ofVirtual().name("handoff-afterfunc").start(fn);
    }
}
