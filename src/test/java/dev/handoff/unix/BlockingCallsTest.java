package dev.handoff.unix;

import static dev.handoff.unix.K.*;
import static dev.handoff.unix.ZConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.handoff.syscall.Access;

/**
 * A generated {@code //sys} call is blocking-aware: 32 virtual threads block in read(2) on their own
 * pipes (more than this machine has carriers), and a virtual thread started afterwards must still run
 * to write the bytes that wake them. Were read(2) made as a raw call, the readers would hold every
 * carrier and the writer would never run.
 */
class BlockingCallsTest {
    @Test
    void virtualThreadsBlockedInReadDoNotStarveTheWriter() throws Exception {
        Assumptions.assumeTrue(Access.canCompensateVirtualThreads(), "needs " + Access.MISC_FLAG);
        int n = 32;
        List<int[]> pipes = new ArrayList<>();
        for (int i = 0; i < n; i++) pipes.add(Unix.pipe2(O_CLOEXEC));
        AtomicInteger got = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        try {
            for (int[] p : pipes) {
                Thread.ofVirtual().start(() -> {
                    byte[] b = new byte[1];
                    if (Unix.read(p[0], b) == 1 && b[0] == 7) got.incrementAndGet();
                    done.countDown();
                });
            }
            Thread writer = Thread.ofVirtual().start(() -> {
                for (int[] p : pipes) Unix.write(p[1], new byte[] {7});
            });
            assertTrue(done.await(30, TimeUnit.SECONDS), "every reader was woken by the virtual writer");
            writer.join(Duration.ofSeconds(5));
            assertEquals(n, got.get());
        } finally {
            for (int[] p : pipes) {
                Unix.close(p[0]);
                Unix.close(p[1]);
            }
        }
    }
}
