package dev.handoff.runtime;

import static dev.handoff.runtime.Go.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jdk.internal.vm.Continuation;
import org.junit.jupiter.api.Test;

/**
 * Everything at once, to shake out races: goroutines doing random mixes of gosched, spawning and
 * joining children, short and blocking syscalls, Go.blocking, Thread.sleep, monitors held across
 * parks, pinned parks and LockOSThread, while another goroutine keeps changing GOMAXPROCS.
 * Must finish with every goroutine accounted for; a hang fails with a goroutine dump.
 */
class ChaosTest {

    static final Object MONITOR = new Object();

    @Test
    void everythingAtOnce() throws Exception {
        // Heavier runs: -Dhandoff.chaos.workers=300 -Dhandoff.chaos.ops=1000
        int workers = Integer.getInteger("handoff.chaos.workers", 64);
        int ops = Integer.getInteger("handoff.chaos.ops", 150);
        AtomicInteger finishedOps = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread main = new Thread(() -> {
            try {
                Go.main(() -> {
                    gomaxprocs(3);
                    AtomicBoolean stop = new AtomicBoolean();
                    Latch chaosDone = new Latch(1);
                    go(() -> { // GOMAXPROCS keeps changing under everybody's feet
                        SplittableRandom r = new SplittableRandom(1);
                        while (!stop.get()) {
                            gomaxprocs(1 + r.nextInt(4));
                            Sys.nanosleep(200_000, false);
                        }
                        chaosDone.countDown();
                    });
                    Latch done = new Latch(workers);
                    for (int w = 0; w < workers; w++) {
                        long seed = w;
                        go(() -> {
                            SplittableRandom r = new SplittableRandom(seed);
                            for (int i = 0; i < ops; i++) {
                                step(r);
                                finishedOps.incrementAndGet();
                            }
                            done.countDown();
                        });
                    }
                    done.await();
                    stop.set(true);
                    chaosDone.await();
                });
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "chaos-main");
        main.start();
        main.join(TimeUnit.SECONDS.toMillis(Integer.getInteger("handoff.chaos.timeout", 60)));
        if (main.isAlive()) {
            fail("chaos run hung; " + finishedOps.get() + " ops done\n" + debugDump());
        }
        if (failure.get() != null) throw new AssertionError("chaos run failed", failure.get());
        assertEquals(workers * ops, finishedOps.get());
    }

    static String debugDump() {
        Sched s = Sched.current;
        if (s == null) return "(no runtime)";
        StringBuilder b = new StringBuilder(Go.schedtrace()).append('\n');
        for (P p : s.allp) b.append(p).append(" m=").append(p.m() == null ? null : p.m().getName()).append(" runq=").append(p.runq.size()).append(" destroy=").append(p.destroyRequested).append('\n');
        java.util.Set<M> ms = new java.util.HashSet<>();
        for (G g : s.allgs()) {
            int st = g.status();
            if (st == GStatus._Gdead) continue;
            M m = g.m;
            b.append("G").append(g.goid).append(' ').append(GStatus.name(st)).append(" m=").append(m == null ? null : m.getName())
                    .append(" lockedm=").append(g.lockedm == null ? null : g.lockedm.getName()).append(" pinned=").append(g.pinLocked)
                    .append(" inBlocking=").append(g.inBlocking).append('\n');
            if (m != null) ms.add(m);
        }
        synchronized (s.allm) { ms.addAll(s.allm); }
        for (M m : ms) {
            b.append(m.getName()).append(' ').append(m.getState()).append(" p=").append(m.p).append(" curg=").append(m.curg == null ? null : m.curg.goid)
                    .append(" lockedg=").append(m.lockedg == null ? null : m.lockedg.goid).append(" nextp=").append(m.nextp).append(" spinning=").append(m.spinning).append('\n');
            StackTraceElement[] st = m.getStackTrace();
            for (int i = 0; i < Math.min(st.length, 14); i++) b.append("    ").append(st[i]).append('\n');
        }
        return b.toString();
    }

    static void step(SplittableRandom r) {
        switch (r.nextInt(11)) {
            case 0 -> gosched();
            case 1 -> {
                Latch child = new Latch(2);
                go(child::countDown);
                go(() -> {
                    gosched();
                    child.countDown();
                });
                child.await();
            }
            case 2 -> Sys.getpid();
            case 3 -> Sys.nanosleep(r.nextInt(300_000), false);
            case 4 -> Go.blocking(() -> {
                java.util.concurrent.locks.LockSupport.parkNanos(r.nextInt(200_000));
                return null;
            });
            case 5 -> {
                try {
                    Thread.sleep(0, r.nextInt(500_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            case 6 -> {
                // A monitor held across a park. Only an uncontended one: on JDK 25 a plain
                // continuation that yields holding an inflated (contended) monitor leaves its
                // carrier thread as the owner (see the package overview), which this test found.
                Object mine = new Object();
                synchronized (mine) {
                    Latch l = new Latch(1);
                    go(l::countDown);
                    l.await();
                }
                synchronized (MONITOR) { // and a contended one that is not held across a park
                    Sys.getpid();
                }
            }
            case 7 -> {
                lockOSThread();
                try {
                    gosched();
                    Latch l = new Latch(1);
                    go(l::countDown);
                    l.await();
                } finally {
                    unlockOSThread();
                }
            }
            case 8 -> {
                Continuation.pin(); // a pinned park: the M waits in place
                try {
                    Latch l = new Latch(1);
                    go(l::countDown);
                    l.await();
                } finally {
                    Continuation.unpin();
                }
            }
            case 9 -> {
                Continuation.pin(); // a pinned syscall exit
                try {
                    Sys.nanosleep(r.nextInt(200_000), false);
                } finally {
                    Continuation.unpin();
                }
            }
            default -> {
                long until = System.nanoTime() + r.nextInt(100_000);
                while (System.nanoTime() < until) Thread.onSpinWait();
            }
        }
    }
}
