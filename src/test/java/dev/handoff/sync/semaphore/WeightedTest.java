package dev.handoff.sync.semaphore;

import static org.junit.jupiter.api.Assertions.*;

import dev.handoff.context.CancelContext;
import dev.handoff.context.Context;
import dev.handoff.context.ContextError;
import dev.handoff.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** After x/sync/semaphore's tests. */
class WeightedTest {
    static final Duration T = Duration.ofSeconds(20);

    @Test
    void neverMoreThanSizeUnitsAreHeld() throws Exception {
        Weighted sem = new Weighted(5);
        AtomicInteger inside = new AtomicInteger();
        AtomicReference<String> bad = new AtomicReference<>();
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            long n = 1 + i % 3;
            ts.add(Thread.ofVirtual().start(() -> {
                for (int k = 0; k < 2_000; k++) {
                    sem.acquire(n);
                    if (inside.addAndGet((int) n) > 5) bad.set("over budget");
                    inside.addAndGet((int) -n);
                    sem.release(n);
                }
            }));
        }
        for (Thread t : ts) {
            t.join(T.toMillis());
            assertFalse(t.isAlive());
        }
        assertNull(bad.get());
        assertEquals(0, sem.held());
    }

    @Test
    void aLargeRequestAtTheHeadIsNotOvertaken() throws Exception {
        Weighted sem = new Weighted(3);
        sem.acquire(2);
        Thread big = Thread.ofVirtual().start(() -> sem.acquire(3));
        Await.until(T, "big request queued", () -> sem.queued() == 1);
        assertFalse(sem.tryAcquire(1), "one unit is free but the big request is first in line");
        sem.release(2);
        big.join(T.toMillis());
        assertFalse(big.isAlive());
        assertEquals(3, sem.held());
        sem.release(3);
    }

    @Test
    void acquireGivesUpWhenTheContextEndsAndLeavesNoTrace() throws Exception {
        Weighted sem = new Weighted(1);
        sem.acquire(1);
        CancelContext ctx = Context.withCancel(Context.background());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                sem.acquire(ctx, 1);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        Await.until(T, "queued", () -> sem.queued() == 1);
        ctx.cancel();
        t.join(T.toMillis());
        assertSame(Context.CANCELED, thrown.get());
        assertEquals(0, sem.queued());
        assertEquals(1, sem.held());
        sem.release(1);

        CancelContext timeout = Context.withTimeout(Context.background(), Duration.ofMillis(10));
        sem.acquire(1);
        ContextError e = assertThrows(ContextError.class, () -> sem.acquire(timeout, 1));
        assertTrue(e.isTimeout());
        sem.release(1);
        assertThrows(ContextError.class, () -> sem.acquire(timeout, 0), "a done context fails fast");
    }

    @Test
    void badInput() {
        Weighted sem = new Weighted(2);
        assertThrows(IllegalArgumentException.class, () -> new Weighted(-1));
        assertThrows(IllegalArgumentException.class, () -> sem.acquire(-1));
        assertThrows(IllegalArgumentException.class, () -> sem.acquire(3), "can never succeed: no hang");
        assertEquals("semaphore: released more than held",
                assertThrows(IllegalStateException.class, () -> sem.release(1)).getMessage());
        sem.acquire(2);
        sem.release(2);
        assertEquals(0, sem.held());
    }
}
