package dev.handoff.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * Two virtual threads ping-pong over unbuffered channels: the thread side of the channel
 * (ThreadWaiter) must never lose a wake-up. With the virtual-thread yield-before-park that was the
 * default until 2026-11-26 both threads hung in send within the first round.
 */
class VirtualThreadChanTest {
    @Test
    void virtualThreadsPingPongWithoutLosingAWakeup() throws Exception {
        for (int round = 0; round < 5; round++) {
            Chan<Integer> ping = Chan.make(), pong = Chan.make();
            int n = 100_000;
            Thread a = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < n; i++) {
                    ping.send(i);
                    pong.recv();
                }
            });
            Thread b = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < n; i++) {
                    if (ping.recv() != i) throw new AssertionError("out of order at " + i);
                    pong.send(i);
                }
            });
            boolean done = a.join(Duration.ofSeconds(30)) && b.join(Duration.ofSeconds(30));
            assertTrue(done, "round " + round + ": a is " + a.getState() + ", b is " + b.getState()
                    + " after 30 s: a lost wake-up");
        }
    }
}
