package dev.handoff.runtime;

import static dev.handoff.runtime.Go.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * A spinning M that finds only handoffs going on keeps its P and watches ({@link Grace}). These
 * check that a ping-pong on 2 Ps puts an M into that state, that a watcher still steals a readied
 * goroutine its readier does not run, and that new work wakes a watcher early (wakep's poke).
 */
class GraceTest {
    static final long DEADLINE_NS = 20_000_000_000L;

    private static boolean before(long end) {
        return System.nanoTime() - end < 0;
    }

    /** Inside a goroutine: ping-pongs with {@code partner} until {@code done} says stop (or the deadline). */
    private static void pingPongUntil(Chan<Integer> ping, Chan<Integer> pong, java.util.function.BooleanSupplier done) {
        long end = System.nanoTime() + DEADLINE_NS;
        while (!done.getAsBoolean() && before(end)) {
            ping.send(1);
            pong.recv();
        }
    }

    private static Chan<Integer>[] startPartner() {
        @SuppressWarnings("unchecked")
        Chan<Integer>[] pp = new Chan[] {Chan.make(), Chan.make()};
        go(() -> {
            for (;;) {
                int v = pp[0].recv();
                if (v < 0) return;
                pp[1].send(v);
            }
        });
        return pp;
    }

    @Test
    void aWatcherStealsTheReadiedGoroutineFromAReadierThatKeepsComputing() {
        AtomicLong watches = new AtomicLong();
        AtomicBoolean sawIt = new AtomicBoolean();
        AtomicBoolean ran = new AtomicBoolean();
        Go.main(() -> {
            gomaxprocs(2);
            Sched s = Proc.currentM().sched;
            Chan<Integer>[] pp = startPartner();
            // Long enough for the idle P's M to watch with its longest period.
            pingPongUntil(pp[0], pp[1], () -> s.stats.watches.get() >= 8);
            watches.set(s.stats.watches.get());
            Chan<Integer> c = Chan.make();
            G g3 = go(() -> {
                c.recv();
                ran.set(true);
            });
            long end = System.nanoTime() + DEADLINE_NS;
            while (c.waitingReceivers() == 0 && before(end)) { // keep the handoffs going meanwhile
                pp[0].send(1);
                pp[1].recv();
            }
            c.send(1); // g3 goes into this goroutine's slot (or its P's runnext, if that was taken)
            sawIt.set(G.current().nextg() == g3 || Proc.currentM().p.runq.runnextRacy() == g3 || ran.get());
            while (!ran.get() && before(end)) Thread.onSpinWait(); // no runtime call: only the watcher can run g3
            pp[0].send(-1);
        });
        assertTrue(watches.get() >= 8, "a ping-pong on 2 Ps did not keep the idle P's M watching: " + watches.get());
        assertTrue(sawIt.get(), "the readied goroutine was neither left with the readier nor done");
        assertTrue(ran.get(), "the watcher never stole the readied goroutine from a busy readier");
    }

    @Test
    void newWorkPokesAWatcher() {
        AtomicLong pokes = new AtomicLong();
        Go.main(() -> {
            gomaxprocs(2);
            Sched s = Proc.currentM().sched;
            Chan<Integer>[] pp = startPartner();
            pingPongUntil(pp[0], pp[1], () -> s.stats.watches.get() >= 2);
            Chan<Integer> done = Chan.make(1);
            long end = System.nanoTime() + DEADLINE_NS;
            // A goroutine started while the watcher sleeps wakes it (it usually sleeps: retry until one did).
            while (s.stats.watchPokes.get() == 0 && before(end)) {
                go(() -> done.send(1));
                pp[0].send(1);
                pp[1].recv();
                done.recv();
            }
            pokes.set(s.stats.watchPokes.get());
            pp[0].send(-1);
        });
        assertTrue(pokes.get() > 0, "wakep never poked a watching M");
    }
}
