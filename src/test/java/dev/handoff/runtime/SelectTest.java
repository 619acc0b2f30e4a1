package dev.handoff.runtime;

import static dev.handoff.runtime.ChanTest.T;
import static dev.handoff.runtime.ChanTest.join;
import static dev.handoff.runtime.ChanTest.vthread;
import static org.junit.jupiter.api.Assertions.*;

import dev.handoff.testing.Await;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Select semantics after Go's chan_test.go / select tests, between platform and virtual threads. */
class SelectTest {

    @Test
    void selectWithOnlyDefaultTakesTheDefault() {
        assertEquals(Select.DEFAULT, new Select().selectOrDefault());
        AtomicInteger ran = new AtomicInteger();
        Select.select(Select.onDefault(ran::incrementAndGet));
        assertEquals(1, ran.get());
        assertThrows(IllegalArgumentException.class,
                () -> Select.select(Select.onDefault(() -> {}), Select.onDefault(() -> {})));
    }

    @Test
    void defaultIsTakenOnlyWhenNoCaseIsReady() {
        Chan<Integer> c = Chan.make(1);
        Select s = new Select();
        int r = s.recv(c);
        assertEquals(Select.DEFAULT, s.selectOrDefault());
        c.send(5);
        assertEquals(r, s.selectOrDefault());
        assertEquals(5, (int) s.value());
        assertTrue(s.ok());
        s.clear();
        int w = s.send(c, 6);
        assertEquals(w, s.selectOrDefault());
        assertEquals(Select.DEFAULT, s.selectOrDefault(), "buffer full now");
    }

    @Test
    void pollOrderIsFairWithinStatisticalBounds() {
        // Three always-ready channels; 30,000 selects. Chi-square with 2 degrees of freedom: a fair
        // choice exceeds 30 with probability ~3e-7, so this does not flake; a biased order fails at once.
        int k = 3, rounds = 30_000;
        List<Chan<Integer>> cs = new ArrayList<>();
        for (int i = 0; i < k; i++) cs.add(Chan.make(1));
        Select s = new Select();
        for (Chan<Integer> c : cs) s.recv(c);
        int[] hits = new int[k];
        for (Chan<Integer> c : cs) c.send(0);
        for (int n = 0; n < rounds; n++) {
            int i = s.select();
            hits[i]++;
            cs.get(i).send(0); // ready again
        }
        double expected = (double) rounds / k, chi2 = 0;
        for (int h : hits) chi2 += (h - expected) * (h - expected) / expected;
        assertTrue(chi2 < 30, "chi-square " + chi2 + " for hits " + java.util.Arrays.toString(hits));
    }

    @Test
    void blockedSelectReceivesFromWhicheverChannelIsSentOn() throws Exception {
        Chan<String> a = Chan.make(), b = Chan.make();
        for (int round = 0; round < 50; round++) {
            Chan<String> target = round % 2 == 0 ? a : b;
            Select s = new Select();
            int ia = s.recv(a), ib = s.recv(b);
            AtomicInteger chosen = new AtomicInteger(-2);
            Thread t = vthread(() -> chosen.set(s.select()));
            Await.until(T, "select queued on both", () -> a.waitingReceivers() == 1 && b.waitingReceivers() == 1);
            target.send("v" + round);
            join(t);
            assertEquals(target == a ? ia : ib, chosen.get());
            assertEquals("v" + round, s.value());
            assertEquals(0, a.waitingReceivers(), "the losing Sudog is unlinked (pass 3)");
            assertEquals(0, b.waitingReceivers());
        }
    }

    @Test
    void blockedSelectSendIsTakenByAReceiver() throws Exception {
        Chan<Integer> a = Chan.make(), b = Chan.make();
        Select s = new Select();
        int sa = s.send(a, 1);
        s.send(b, 2);
        AtomicInteger chosen = new AtomicInteger(-2);
        Thread t = Thread.ofPlatform().start(() -> chosen.set(s.select()));
        Await.until(T, "select queued", () -> a.waitingSenders() == 1 && b.waitingSenders() == 1);
        assertEquals(1, a.recv());
        join(t);
        assertEquals(sa, chosen.get());
        assertEquals(0, b.waitingSenders());
        assertNull(b.tryRecv(), "the losing send case sent nothing");
    }

    @Test
    void closeWakesASelect() throws Exception {
        Chan<Integer> a = Chan.make(), quit = Chan.make();
        AtomicReference<String> what = new AtomicReference<>();
        Thread t = vthread(() -> Select.select(
                Select.onRecv(a, v -> what.set("a " + v)),
                Select.onRecvOk(quit, r -> what.set("quit ok=" + r.ok()))));
        Await.until(T, "select queued", () -> quit.waitingReceivers() == 1);
        quit.close();
        join(t);
        assertEquals("quit ok=false", what.get());
        assertEquals(0, a.waitingReceivers());

        Chan<Integer> full = Chan.make();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread u = vthread(() -> {
            try {
                Select.select(Select.onSend(full, 1, () -> {}), Select.onRecv(Chan.<Integer>make(), v -> {}));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        Await.until(T, "send select queued", () -> full.waitingSenders() == 1);
        full.close();
        join(u);
        assertInstanceOf(ChanClosedException.class, thrown.get());
    }

    @Test
    void selectsOverTheSameChannelsInOppositeOrderNeverDeadlock() throws Exception {
        // Each side offers to send on one channel and receive on the other, cases added in opposite
        // orders; without a fixed lock order these would deadlock on the channel locks.
        Chan<Integer> x = Chan.make(), y = Chan.make();
        int rounds = 20_000;
        AtomicInteger done = new AtomicInteger();
        Runnable side1 = () -> {
            Select s = new Select();
            for (int i = 0; i < rounds; i++) {
                s.clear();
                s.send(x, i);
                s.recv(y);
                s.select();
                done.incrementAndGet();
            }
        };
        Runnable side2 = () -> {
            Select s = new Select();
            for (int i = 0; i < rounds; i++) {
                s.clear();
                s.recv(x);
                s.send(y, i);
                s.select();
                done.incrementAndGet();
            }
        };
        Thread t1 = Thread.ofPlatform().start(side1), t2 = Thread.ofPlatform().start(side2);
        join(t1, t2);
        assertEquals(2 * rounds, done.get());
    }

    @Test
    void manySelectsCompeteForOneValueAndExactlyOneWins() throws Exception {
        for (int round = 0; round < 200; round++) {
            Chan<Integer> c = Chan.make();
            Chan<Integer> stop = Chan.make();
            int n = 4;
            AtomicInteger got = new AtomicInteger(), stopped = new AtomicInteger();
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ts.add(vthread(() -> {
                    Select s = new Select();
                    int ic = s.recv(c);
                    s.recv(stop);
                    if (s.select() == ic) got.incrementAndGet();
                    else stopped.incrementAndGet();
                }));
            }
            Await.until(T, "selects queued", () -> c.waitingReceivers() == n);
            c.send(round);
            stop.close();
            join(ts.toArray(Thread[]::new));
            assertEquals(1, got.get());
            assertEquals(n - 1, stopped.get());
        }
    }

    @Test
    void sameChannelTwiceInOneSelect() throws Exception {
        Chan<Integer> c = Chan.make();
        Select s = new Select();
        s.recv(c);
        s.recv(c);
        AtomicInteger chosen = new AtomicInteger(-2);
        Thread t = vthread(() -> chosen.set(s.select()));
        Await.until(T, "both cases queued", () -> c.waitingReceivers() == 2);
        c.send(9);
        join(t);
        assertTrue(chosen.get() == 0 || chosen.get() == 1);
        assertEquals(9, (int) s.value());
        assertEquals(0, c.waitingReceivers());
    }
}
