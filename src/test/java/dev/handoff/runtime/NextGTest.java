package dev.handoff.runtime;

import static dev.handoff.runtime.Go.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/**
 * A goroutine readied by a running goroutine waits in the readier's own slot ({@link NextG}), not in
 * the P's runnext. These check that it is never stranded there: a thief steals it from a readier
 * that keeps computing, sysmon moves it with the P of a readier blocked inside the JDK, and the
 * order Go's runnext gives (the newest readied or started goroutine first) is kept.
 */
class NextGTest {
    static final long DEADLINE_NS = 20_000_000_000L;

    /**
     * Inside a goroutine: yields until {@code c} has a parked receiver. Always yields at least once:
     * that also clears a preemption request (gomaxprocs makes one), which the next goready would
     * honour by handing the P off, and with it the readied goroutine, hiding what is tested here.
     */
    private static void awaitReceiver(Chan<?> c) {
        long end = System.nanoTime() + DEADLINE_NS;
        do {
            if (System.nanoTime() - end > 0) throw new AssertionError("the receiver never parked");
            gosched();
        } while (c.waitingReceivers() == 0);
    }

    @Test
    void aThiefStealsTheReadiedGoroutineFromAReadierThatKeepsComputing() {
        AtomicBoolean ran = new AtomicBoolean();
        AtomicBoolean sawIt = new AtomicBoolean();
        Go.main(() -> {
            gomaxprocs(2);
            Chan<Integer> c = Chan.make();
            G g2 = go(() -> {
                c.recv();
                ran.set(true);
            });
            awaitReceiver(c);
            c.send(1); // g2 goes into this goroutine's slot
            sawIt.set(G.current().nextg() == g2 || ran.get());
            long end = System.nanoTime() + DEADLINE_NS;
            while (!ran.get()) { // no runtime call: only another M can run g2
                if (System.nanoTime() - end > 0) break;
                Thread.onSpinWait();
            }
        });
        assertTrue(sawIt.get(), "the readied goroutine was neither in the readier's slot nor done");
        assertTrue(ran.get(), "the readied goroutine was never stolen from a busy readier");
    }

    @Test
    void sysmonMovesTheReadiedGoroutineWithThePOfAReadierBlockedInTheJdk() {
        AtomicBoolean counted = new AtomicBoolean();
        Go.main(() -> {
            gomaxprocs(1);
            Chan<Integer> c = Chan.make();
            CountDownLatch latch = new CountDownLatch(1);
            go(() -> {
                c.recv();
                latch.countDown();
            });
            awaitReceiver(c);
            c.send(1); // g2 goes into this goroutine's slot; we then block without telling the runtime
            try {
                counted.set(latch.await(DEADLINE_NS, TimeUnit.NANOSECONDS));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        assertTrue(counted.get(), "the readied goroutine stayed with a readier blocked in the JDK");
    }

    @Test
    void aGoroutineStartedAfterAReadyRunsFirstAsWithGosRunnext() {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        Go.main(() -> {
            gomaxprocs(1);
            Chan<Integer> c = Chan.make();
            Chan<Integer> done = Chan.make(2);
            go(() -> {
                c.recv();
                order.add("readied");
                done.send(1);
            });
            awaitReceiver(c);
            c.send(1);
            go(() -> {
                order.add("started");
                done.send(1);
            });
            done.recv(); // parks: Go runs the started goroutine (runnext) before the readied one (tail)
            done.recv();
        });
        assertEquals(List.of("started", "readied"), order);
    }

    @Test
    void goschedRunsTheReadiedGoroutineBeforeTheCaller() {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        Go.main(() -> {
            gomaxprocs(1);
            Chan<Integer> c = Chan.make();
            go(() -> {
                c.recv();
                order.add("readied");
            });
            awaitReceiver(c);
            c.send(1);
            gosched();
            order.add("caller");
        });
        assertEquals(List.of("readied", "caller"), order);
    }

    @Test
    void aSyscallHandsTheReadiedGoroutineToThePsQueue() {
        AtomicBoolean flushed = new AtomicBoolean();
        Go.main(() -> {
            gomaxprocs(1);
            Chan<Integer> c = Chan.make();
            G g2 = go(c::recv);
            awaitReceiver(c);
            c.send(1);
            G me = G.current();
            M mp = Proc.currentM();
            Syscalls.entersyscall(mp, me, -1);
            P pp = mp.p; // (null if sysmon has already retaken it: then g2 went with it)
            flushed.set(me.nextg() == null && (pp == null || pp.runq.runnextRacy() == g2));
            Syscalls.exitsyscall(Proc.currentM(), me);
        });
        assertTrue(flushed.get(), "entersyscall left the readied goroutine in the readier's slot");
    }
}
