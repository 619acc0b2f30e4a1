package dev.handoff.runtime;

import static dev.handoff.runtime.Go.*;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/**
 * The seed's promise: a goroutine blocked in the kernel never holds a processor other goroutines
 * could use — through Syscall.syscall; through rawSyscall it does (Go's documented behaviour).
 */
class SyscallHandoffTest {

    private static Sched sched() {
        return ((M) Thread.currentThread()).sched;
    }

    /** Waits (yielding) until {@code g} is observably inside its syscall. */
    private static void awaitInSyscall(G g) {
        Sys.await("goroutine " + g.id() + " in its syscall", Duration.ofSeconds(10),
                () -> g.status() == GStatus._Gsyscall);
    }

    @Test
    void blockedSyscallDoesNotStopTheOtherGoroutineOnOneP() {
        AtomicLong sleeperReturned = new AtomicLong();
        AtomicLong yielderDone = new AtomicLong();
        AtomicLong entered = new AtomicLong();
        Go.main(() -> {
            gomaxprocs(1);
            Latch done = new Latch(2);
            G sleeper = go(() -> {
                Sys.nanosleep(300_000_000L, false);
                sleeperReturned.set(System.nanoTime());
                done.countDown();
            });
            awaitInSyscall(sleeper);
            entered.set(System.nanoTime());
            go(() -> {
                for (int i = 0; i < 1000; i++) gosched();
                yielderDone.set(System.nanoTime());
                done.countDown();
            });
            done.await();
        });
        long ms = (yielderDone.get() - entered.get()) / 1_000_000;
        System.out.println("1000 goscheds finished " + ms + " ms after the other goroutine entered a 300 ms nanosleep");
        assertTrue(yielderDone.get() < sleeperReturned.get(), "the yielder must finish while the sleeper is still in the kernel");
        assertTrue(ms < 50, "1,000 goscheds took " + ms + " ms (limit 50) next to a blocked syscall");
    }

    @Test
    void rawSyscallHoldsThePLikeGo() {
        AtomicLong sleeperReturned = new AtomicLong();
        AtomicLong yielderDone = new AtomicLong();
        Go.main(() -> {
            gomaxprocs(1);
            Latch done = new Latch(2);
            AtomicInteger started = new AtomicInteger();
            go(() -> {
                started.set(1);
                Sys.nanosleep(200_000_000L, true);
                sleeperReturned.set(System.nanoTime());
                done.countDown();
            });
            go(() -> {
                for (int i = 0; i < 1000; i++) gosched();
                yielderDone.set(System.nanoTime());
                done.countDown();
            });
            done.await();
        });
        assertTrue(yielderDone.get() > sleeperReturned.get(),
                "through rawSyscall the P stays with the blocked goroutine: the yielder can only finish after it");
    }

    @Test
    void shortSyscallsTakeTheFastExit() {
        AtomicLong statsFast = new AtomicLong();
        AtomicLong fast = new AtomicLong();
        AtomicLong slow = new AtomicLong();
        Go.main(() -> {
            Sched s = sched();
            long f0 = s.fastExits(), s0 = s.stats.slowExits.get();
            long pid = ProcessHandle.current().pid();
            for (int i = 0; i < 10_000; i++) assertEquals(pid, Sys.getpid());
            fast.set(s.fastExits() - f0);
            slow.set(s.stats.slowExits.get() - s0);
            statsFast.set(Go.stats().fastExits());
        });
        assertTrue(fast.get() >= 10_000, "fast exits: " + fast.get());
        assertTrue(statsFast.get() >= 10_000, "Go.stats().fastExits: " + statsFast.get());
        assertTrue(slow.get() < 100, "slow exits: " + slow.get());
    }

    @Test
    void longSyscallsAreRetaken() {
        AtomicLong retakes = new AtomicLong();
        Go.main(() -> {
            gomaxprocs(1);
            Sched s = sched();
            long r0 = s.stats.retakes.get();
            Latch done = new Latch(2);
            G sleeper = go(() -> {
                Sys.nanosleep(100_000_000L, false);
                done.countDown();
            });
            awaitInSyscall(sleeper);
            go(done::countDown); // local work makes the blocked P worth taking
            done.await();
            retakes.set(s.stats.retakes.get() - r0);
        });
        assertTrue(retakes.get() >= 1, "retakes: " + retakes.get());
    }

    @Test
    void aSyscallThatLeavesWorkIsAgedFromItsEntry() {
        AtomicLong stampedAlone = new AtomicLong();
        AtomicLong stampedWithWork = new AtomicLong();
        AtomicLong bRan = new AtomicLong();
        AtomicLong aBack = new AtomicLong();
        Go.main(() -> {
            gomaxprocs(1);
            Sched s = sched();
            // Alone on the P: nothing to stamp (whether sysmon retakes it or not).
            long r0 = s.stats.stampedRetakes.get();
            Sys.nanosleep(30_000_000L, false);
            stampedAlone.set(s.stats.stampedRetakes.get() - r0);
            // B waits in runnext while A sleeps in the kernel: the entry is stamped and B runs meanwhile.
            // (go may first honour a preemption request and run B at once: then try again.)
            long r1 = s.stats.stampedRetakes.get();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() - deadline < 0) {
                Latch done = new Latch(1);
                bRan.set(0);
                go(() -> {
                    bRan.set(System.nanoTime());
                    done.countDown();
                });
                boolean queued = bRan.get() == 0; // with one P, B cannot start before our syscall now
                Sys.nanosleep(200_000_000L, false);
                aBack.set(System.nanoTime());
                done.await();
                if (queued) break;
            }
            stampedWithWork.set(s.stats.stampedRetakes.get() - r1);
        });
        assertEquals(0, stampedAlone.get(), "a syscall entered with an empty run queue carries no entry stamp");
        assertTrue(bRan.get() != 0 && bRan.get() < aBack.get(), "B must run while A is still in the kernel");
        assertTrue(stampedWithWork.get() >= 1, "stamped retakes: " + stampedWithWork.get());
    }

    @Test
    void aCallThatBlockedBeforeHandsItsPOffAtEntry() {
        AtomicLong eager = new AtomicLong(), eagerGetpid = new AtomicLong();
        AtomicLong bRan = new AtomicLong(), aBack = new AtomicLong();
        Go.main(() -> {
            gomaxprocs(1);
            Sched s = sched();
            long deadline = System.nanoTime() + 10_000_000_000L;
            // Until two nanosleeps in a row were entered with B waiting: the first blocks (and is
            // learned), the second is handed off at entry. (go may honour a preemption request and
            // run B at once: then that round does not count.)
            int learnedRounds = 0;
            long e0 = 0;
            while (learnedRounds < 2 && System.nanoTime() - deadline < 0) {
                Latch done = new Latch(1);
                bRan.set(0);
                go(() -> {
                    bRan.set(System.nanoTime());
                    done.countDown();
                });
                boolean queued = bRan.get() == 0;
                if (learnedRounds == 1) e0 = s.stats.eagerHandoffs.get();
                Sys.nanosleep(50_000_000L, false);
                aBack.set(System.nanoTime());
                done.await();
                learnedRounds = queued ? learnedRounds + 1 : 0;
            }
            eager.set(s.stats.eagerHandoffs.get() - e0);
            // getpid never blocked: with work waiting it still keeps its P.
            long g0 = s.stats.eagerHandoffs.get();
            Latch done = new Latch(1);
            go(done::countDown);
            Sys.getpid();
            eagerGetpid.set(s.stats.eagerHandoffs.get() - g0);
            done.await();
        });
        assertEquals(1, eager.get(), "the second nanosleep with work waiting is handed off at entry");
        assertTrue(bRan.get() != 0 && bRan.get() < aBack.get(), "B must run while A is still in the kernel");
        assertEquals(0, eagerGetpid.get(), "a call that never blocked is not handed off");
    }

    @Test
    void entersyscallWakesASysmonThatWouldLookTooLate() {
        AtomicLong wakes = new AtomicLong();
        Go.main(() -> {
            gomaxprocs(1);
            Sched s = sched();
            long w0 = s.stats.sysmonWorkWakes.get();
            long deadline = System.nanoTime() + 10_000_000_000L;
            // Rounds until one counts (a round can miss if this thread is descheduled between the
            // check and the syscall): sysmon backs off while nothing is retaken; once its next look is
            // over 1 ms away, a syscall that leaves B behind must wake it.
            while (s.stats.sysmonWorkWakes.get() == w0 && System.nanoTime() - deadline < 0) {
                Sys.await("sysmon asleep for over 1 ms", Duration.ofSeconds(10), () -> {
                    long at = s.sysmon.nextLook();
                    return at != Sysmon.NO_WAKE && at - System.nanoTime() > 1_000_000;
                });
                Latch ran = new Latch(1);
                go(ran::countDown);
                Sys.nanosleep(5_000_000L, false);
                ran.await();
            }
            wakes.set(s.stats.sysmonWorkWakes.get() - w0);
        });
        assertTrue(wakes.get() >= 1, "sysmon work wakes: " + wakes.get());
    }

    @Test
    void aSyscallReturningToABusyPTakesTheSlowPath() {
        AtomicLong slow = new AtomicLong();
        AtomicInteger done = new AtomicInteger();
        Go.main(() -> {
            gomaxprocs(1);
            Sched s = sched();
            long s0 = s.stats.slowExits.get();
            Latch finished = new Latch(2);
            java.util.concurrent.atomic.AtomicBoolean back = new java.util.concurrent.atomic.AtomicBoolean();
            G sleeper = go(() -> {
                Sys.nanosleep(50_000_000L, false);
                back.set(true); // runs only once it got a P again, through the global queue
                done.incrementAndGet();
                finished.countDown();
            });
            awaitInSyscall(sleeper);
            go(() -> {
                // Keep the only P busy (but yielding) until well after the sleeper's syscall returned.
                long until = System.nanoTime() + 150_000_000L;
                while (System.nanoTime() < until || !back.get()) gosched();
                done.incrementAndGet();
                finished.countDown();
            });
            finished.await();
            slow.set(s.stats.slowExits.get() - s0);
        });
        assertEquals(2, done.get());
        assertTrue(slow.get() >= 1, "slow exits: " + slow.get());
    }

    @Test
    void idleRuntimeBurnsNoCpu() throws Exception {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        AtomicLong cpuNanos = new AtomicLong();
        Go.main(() -> {
            gomaxprocs(2);
            Sched s = sched();
            java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
            Thread outside = new Thread(() -> {
                try {
                    // The only goroutine blocks in Go.blocking: once both Ps are idle, measure what
                    // the Ms and sysmon burn in a 300 ms window (the sleep is the window, not a wait).
                    Sys.await("both Ps idle", Duration.ofSeconds(10), () -> s.npidle == 2);
                    long before = runtimeCpu(mx);
                    Thread.sleep(300);
                    cpuNanos.set(runtimeCpu(mx) - before);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                gate.countDown();
            });
            outside.start();
            try {
                Go.blocking(() -> {
                    gate.await();
                    return null;
                });
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        System.out.println("idle runtime: " + cpuNanos.get() / 1000 + " us of CPU in 300 ms");
        assertTrue(cpuNanos.get() < 30_000_000L, "idle Ms and sysmon used " + cpuNanos.get() / 1_000_000 + " ms of CPU in 300 ms");
    }

    private static long runtimeCpu(java.lang.management.ThreadMXBean mx) {
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t instanceof M || t.getName().equals("handoff-sysmon")) {
                long c = mx.getThreadCpuTime(t.threadId());
                if (c > 0) sum += c;
            }
        }
        return sum;
    }

    @Test
    void blockingHandsThePOffAtOnce() {
        AtomicLong order = new AtomicLong();
        AtomicLong handoffs = new AtomicLong();
        Go.main(() -> {
            gomaxprocs(1);
            Sched s = sched();
            long h0 = s.stats.handoffs.get();
            Latch inside = new Latch(1);
            Latch release = new Latch(1);
            Latch done = new Latch(1);
            java.util.concurrent.CountDownLatch javaGate = new java.util.concurrent.CountDownLatch(1);
            go(() -> {
                String r;
                try {
                    r = Go.blocking(() -> {
                        inside.countDown();
                        javaGate.await(); // plain blocking Java code, no P held
                        return "ok";
                    });
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                assertEquals("ok", r);
                done.countDown();
            });
            inside.await();
            // We are running on the only P while the other goroutine blocks: proof of the handoff.
            order.set(1);
            handoffs.set(s.stats.handoffs.get() - h0);
            javaGate.countDown();
            release.countDown();
            done.await();
        });
        assertEquals(1, order.get());
        assertTrue(handoffs.get() >= 1);
    }

    @Test
    void blockingRethrowsCheckedExceptions() {
        AtomicReference<Throwable> caught = new AtomicReference<>();
        Go.main(() -> {
            try {
                Go.blocking(() -> { throw new java.io.IOException("disk on fire"); });
            } catch (java.io.IOException e) {
                caught.set(e);
            }
            // and the goroutine has its P back
            Latch l = new Latch(1);
            go(l::countDown);
            l.await();
        });
        assertEquals("disk on fire", caught.get().getMessage());
    }

    @Test
    void gomaxprocsChangesWhileGoroutinesSitInSyscalls() {
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger procsAfter = new AtomicInteger();
        Go.main(() -> {
            gomaxprocs(4);
            int n = 6;
            Latch done = new Latch(n);
            G[] sleepers = new G[n];
            // They block in read(2) on an empty pipe until released, not in a timed sleep: the first
            // must still be in its syscall when the last has entered one, however slow the machine.
            int[] pipe = dev.handoff.unix.Unix.pipe();
            for (int i = 0; i < n; i++) {
                sleepers[i] = go(() -> {
                    assertEquals(1, dev.handoff.unix.Unix.read(pipe[0], new byte[1]));
                    for (int k = 0; k < 100; k++) gosched();
                    finished.incrementAndGet();
                    done.countDown();
                });
            }
            for (G g : sleepers) awaitInSyscall(g);
            assertEquals(4, gomaxprocs(1));
            assertEquals(1, gomaxprocs(3));
            assertEquals(3, gomaxprocs(2));
            assertEquals(n, dev.handoff.unix.Unix.write(pipe[1], new byte[n]));
            done.await();
            dev.handoff.unix.Unix.close(pipe[0]);
            dev.handoff.unix.Unix.close(pipe[1]);
            procsAfter.set(gomaxprocs(0));
            // Every P beyond GOMAXPROCS is dead, none is running.
            Sched s = sched();
            Sys.await("extra Ps destroyed", Duration.ofSeconds(10), () -> {
                for (P p : s.allp) if (p.id >= 2 && p.status() != PStatus._Pdead) return false;
                return true;
            });
        });
        assertEquals(6, finished.get());
        assertEquals(2, procsAfter.get());
    }
}
