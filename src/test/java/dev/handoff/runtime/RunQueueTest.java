package dev.handoff.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Single-threaded behaviour of the local run queue (the concurrent part is RunQueuePutStealTest). */
class RunQueueTest {

    /** n fresh Gs with goids 1..n (also used by GListsTest). */
    static G[] gs(int n) {
        G[] a = new G[n];
        for (int i = 0; i < n; i++) {
            a[i] = new G();
            a[i].goid = i + 1;
        }
        return a;
    }

    @Test
    void fifoRingWithRunnextFirst() {
        RunQueue q = new RunQueue();
        G[] g = gs(3);
        q.put(g[0], false, null);
        q.put(g[1], false, null);
        q.put(g[2], true, null);
        assertSame(g[2], q.get());
        assertTrue(q.inheritTime, "runnext inherits the time slice");
        assertSame(g[0], q.get());
        assertFalse(q.inheritTime);
        assertSame(g[1], q.get());
        assertNull(q.get());
        assertTrue(q.isEmpty());
    }

    @Test
    void newRunnextKicksTheOldOneToTheTail() {
        RunQueue q = new RunQueue();
        G[] g = gs(3);
        q.put(g[0], true, null);
        q.put(g[1], true, null);
        q.put(g[2], false, null);
        assertEquals(3, q.size());
        assertSame(g[1], q.get());
        assertSame(g[0], q.get());
        assertSame(g[2], q.get());
    }

    @Test
    void stealTakesHalfFromTheHead() {
        RunQueue victim = new RunQueue(), thief = new RunQueue();
        G[] g = gs(10);
        for (G x : g) victim.put(x, false, null);
        G got = thief.steal(victim, false);
        assertSame(g[4], got, "the thief runs the last of the 5 it took");
        assertEquals(4, thief.size());
        assertEquals(5, victim.size());
        assertSame(g[5], victim.get());
        assertSame(g[0], thief.get());
    }

    @Test
    void stealTakesRunnextOnlyWhenAllowedAndTheRingIsEmpty() {
        RunQueue victim = new RunQueue(), thief = new RunQueue();
        G[] g = gs(1);
        victim.put(g[0], true, null);
        assertNull(thief.steal(victim, false));
        assertSame(g[0], thief.steal(victim, true));
        assertTrue(victim.isEmpty());
    }

    @Test
    void overflowMovesHalfToTheGlobalQueueAndLosesNothing() {
        Sched s = new Sched(1, 10);
        RunQueue q = new RunQueue();
        G[] g = gs(RunQueue.SIZE + 1);
        for (G x : g) q.put(x, false, s);
        assertEquals(RunQueue.SIZE / 2 + 1, s.runq.size(), "half the ring plus the new G went global");
        Set<G> seen = new HashSet<>();
        G x;
        while ((x = q.get()) != null) assertTrue(seen.add(x));
        synchronized (s.lock) {
            while ((x = s.runq.pop()) != null) assertTrue(seen.add(x));
        }
        assertEquals(g.length, seen.size());
    }
}
