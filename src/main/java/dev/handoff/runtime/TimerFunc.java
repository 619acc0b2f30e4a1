package dev.handoff.runtime;

/**
 * What a {@link RuntimeTimer} does when it fires (Go's timer.f). Runs on whatever drives the heap, with
 * the heap's lock held: it must be short and must not block — send without blocking, ready a party,
 * start a goroutine.
 */
@FunctionalInterface
interface TimerFunc {
    void fire(RuntimeTimer t, long now);
}
