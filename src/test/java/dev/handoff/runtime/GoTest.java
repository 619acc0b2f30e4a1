package dev.handoff.runtime;

import static dev.handoff.runtime.Go.*;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/** The public API: goroutines run, ids, joins at scale, both Ps used, bad input rejected. */
class GoTest {

    @Test
    void mainRunsAsGoroutineOneAndReturns() {
        AtomicLong id = new AtomicLong(-1);
        AtomicReference<Thread> t = new AtomicReference<>();
        Go.main(() -> {
            id.set(goid());
            t.set(Thread.currentThread());
            assertTrue(Sched.isGoroutine());
            assertNotNull(G.current());
        });
        assertEquals(1, id.get());
        assertTrue(t.get() instanceof M, "goroutines run on Ms");
        assertEquals(0, goid(), "a plain thread has no goroutine id");
        assertFalse(Sched.isGoroutine());
    }

    @Test
    void goroutinesRunAndGetDistinctIds() {
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        Go.main(() -> {
            Latch done = new Latch(10);
            for (int i = 0; i < 10; i++) {
                G g = go(() -> {
                    ids.add(goid());
                    done.countDown();
                });
                assertTrue(g.id() > 1);
            }
            done.await();
        });
        assertEquals(10, ids.size());
    }

    @Test
    void hundredThousandGoroutinesSpawnedAndJoined() {
        int n = 100_000;
        AtomicInteger ran = new AtomicInteger();
        Go.main(() -> {
            Latch done = new Latch(n);
            for (int i = 0; i < n; i++) {
                go(() -> {
                    ran.incrementAndGet();
                    done.countDown();
                });
            }
            done.await();
        });
        assertEquals(n, ran.get());
    }

    @Test
    void goroutinesSpawnedFromOnePRunOnBothPs() {
        Set<Integer> ps = ConcurrentHashMap.newKeySet();
        Go.main(() -> {
            gomaxprocs(2);
            int n = 2_000;
            Latch done = new Latch(n);
            for (int i = 0; i < n; i++) {
                go(() -> {
                    // Keep each goroutine busy briefly so the other P has time to steal.
                    long until = System.nanoTime() + 20_000;
                    while (System.nanoTime() < until) Thread.onSpinWait();
                    ps.add(((M) Thread.currentThread()).p.id);
                    done.countDown();
                });
            }
            done.await();
        });
        assertEquals(Set.of(0, 1), ps, "work spawned on one P must be stolen by the other");
    }

    @Test
    void goschedLetsOthersRunOnOneP() {
        AtomicInteger turns = new AtomicInteger();
        Go.main(() -> {
            gomaxprocs(1);
            Latch done = new Latch(2);
            for (int k = 0; k < 2; k++) {
                go(() -> {
                    for (int i = 0; i < 1000; i++) {
                        turns.incrementAndGet();
                        gosched();
                    }
                    done.countDown();
                });
            }
            done.await();
        });
        assertEquals(2000, turns.get());
    }

    @Test
    void goexitRunsFinallyAndEndsOnlyThatGoroutine() {
        AtomicInteger fin = new AtomicInteger();
        AtomicInteger after = new AtomicInteger();
        Go.main(() -> {
            Latch done = new Latch(1);
            go(() -> {
                try {
                    goexit();
                    after.incrementAndGet();
                } finally {
                    fin.incrementAndGet();
                    done.countDown();
                }
            });
            done.await();
        });
        assertEquals(1, fin.get());
        assertEquals(0, after.get());
    }

    @Test
    void gomaxprocsQueriesAndSets() {
        Go.main(() -> {
            int def = gomaxprocs(0);
            assertEquals(Go.defaultProcs(), def);
            assertEquals(def, gomaxprocs(3));
            assertEquals(3, gomaxprocs(0));
            assertEquals(3, gomaxprocs(1));
            assertEquals(1, gomaxprocs(0));
        });
    }

    @Test
    void lockOSThreadKeepsThePlatformThread() {
        AtomicReference<String> err = new AtomicReference<>();
        Go.main(() -> {
            gomaxprocs(2);
            Latch done = new Latch(1);
            go(() -> {
                lockOSThread();
                Thread mine = Thread.currentThread();
                Latch ping = new Latch(1);
                for (int i = 0; i < 50; i++) {
                    gosched();
                    Latch l = new Latch(1);
                    go(l::countDown);
                    l.await();
                    if (Thread.currentThread() != mine) err.compareAndSet(null, "moved off its thread at round " + i);
                }
                ping.countDown();
                unlockOSThread();
                done.countDown();
            });
            done.await();
        });
        assertNull(err.get());
    }

    @Test
    void badInputIsRejectedClearly() {
        assertThrows(IllegalArgumentException.class, () -> gomaxprocs(-1));
        IllegalStateException e = assertThrows(IllegalStateException.class, Go::goexit);
        assertTrue(e.getMessage().contains("outside a goroutine"), e.getMessage());
        assertThrows(IllegalStateException.class, Go::lockOSThread);
        AtomicReference<Throwable> inside = new AtomicReference<>();
        AtomicReference<Throwable> nullGo = new AtomicReference<>();
        AtomicReference<Throwable> badProcs = new AtomicReference<>();
        Go.main(() -> {
            try {
                unlockOSThread();
            } catch (IllegalStateException x) {
                inside.set(x);
            }
            try {
                go(null);
            } catch (NullPointerException x) {
                nullGo.set(x);
            }
            try {
                gomaxprocs(-5);
            } catch (IllegalArgumentException x) {
                badProcs.set(x);
            }
        });
        assertTrue(inside.get().getMessage().contains("without lockOSThread"));
        assertNotNull(nullGo.get());
        assertTrue(badProcs.get().getMessage().contains(">= 1"));
        IllegalStateException after = assertThrows(IllegalStateException.class, () -> go(() -> {}));
        assertTrue(after.getMessage().contains("runtime"), after.getMessage());
    }

    @Test
    void callsAfterShutdownThrow() {
        Go.start();
        Latch[] l = new Latch[1];
        AtomicInteger ran = new AtomicInteger();
        go(ran::incrementAndGet);
        Sys.await("background goroutine ran", Duration.ofSeconds(10), () -> ran.get() == 1);
        Go.shutdown();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> go(() -> {}));
        assertTrue(e.getMessage().contains("no Handoff runtime is running"), e.getMessage());
        assertNull(l[0]);
    }

    @Test
    void uncaughtExceptionEndsTheProgramWithFatalError() {
        FatalError f = assertThrows(FatalError.class, () -> Go.main(() -> {
            go(() -> { throw new IllegalArgumentException("boom"); });
            new Latch(1).await(); // never counted down: the panic ends the program first
        }));
        assertTrue(f.getMessage().contains("panicked"), f.getMessage());
        assertInstanceOf(IllegalArgumentException.class, f.getCause());
    }

    @Test
    void uncaughtExceptionHandlerKeepsTheProgramAlive() {
        AtomicLong who = new AtomicLong();
        Go.main(() -> {
            Latch seen = new Latch(1);
            setUncaughtExceptionHandler((id, e) -> {
                who.set(id);
                seen.countDown();
            });
            G g = go(() -> { throw new IllegalStateException("handled"); });
            seen.await();
            assertEquals(g.id(), who.get());
            // The M that ran the failing goroutine still works.
            Latch more = new Latch(100);
            for (int i = 0; i < 100; i++) go(more::countDown);
            more.await();
        });
        assertTrue(who.get() > 1);
    }

    @Test
    void mainGoroutineExceptionPropagates() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Go.main(() -> { throw new IllegalStateException("from main"); }));
        assertEquals("from main", e.getMessage());
    }

    @Test
    void goroutineLocalIsPerGoroutine() {
        GoroutineLocal<String> name = new GoroutineLocal<>(() -> "unset");
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Go.main(() -> {
            Latch done = new Latch(20);
            for (int i = 0; i < 20; i++) {
                int k = i;
                go(() -> {
                    assertEquals("unset", name.get());
                    name.set("g" + k);
                    gosched();
                    seen.add(name.get());
                    done.countDown();
                });
            }
            done.await();
        });
        assertEquals(20, seen.size());
    }
}
