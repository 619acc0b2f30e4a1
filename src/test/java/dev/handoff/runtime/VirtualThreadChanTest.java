package dev.handoff.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testing.ChildJvm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Two virtual threads ping-pong over unbuffered channels: the thread side of the channel
 * (ThreadWaiter) must never lose a wake-up. With the virtual-thread yield-before-park that was the
 * default until 2026-11-26 both threads hung in send within the first round; the cause was
 * ThreadWaiter's release store of its wake flag (see its class comment).
 */
class VirtualThreadChanTest {
    @Test
    void virtualThreadsPingPongWithoutLosingAWakeup() throws Exception {
        pingPong(5, 100_000);
    }

    /**
     * Yields before park leave stale park permits, which make a virtual thread's unpark skip its atomic
     * instruction: the case where a release-stored wake flag was lost. With the release store back,
     * this test failed 2 runs of 2 (rounds 8 and 17); a standalone 40-round loop hung in 7 JVMs of 8.
     * Run in a child JVM because the option is read once.
     */
    @Test
    void stalePermitsFromYieldsBeforeParkDoNotLoseAWakeup() throws Exception {
        List<String> opts = new ArrayList<>(ChildJvm.HANDOFF_FLAGS);
        opts.add("-Dhandoff.chan.vthreadYields=2");
        ChildJvm.Result r = ChildJvm.run(Duration.ofMinutes(3), opts, StalePermits.class);
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.stdout().contains("ok 40 rounds"), r.all());
    }

    static final class StalePermits {
        public static void main(String[] args) throws Exception {
            try {
                pingPong(40, 200_000);
            } catch (AssertionError e) {
                System.out.println(e.getMessage());
                System.exit(1);
            }
            System.out.println("ok 40 rounds");
        }
    }

    static void pingPong(int rounds, int n) throws Exception {
        for (int round = 0; round < rounds; round++) {
            Chan<Integer> ping = Chan.make(), pong = Chan.make();
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
