package dev.handoff.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The array-backed G lists: the global run queue (FIFO, grows, wraps) and the free lists (spill and refill). */
class GListsTest {

    private static G[] gs(int n) {
        return RunQueueTest.gs(n);
    }

    @Test
    void globalRunQueueIsFifoAcrossWrapAndGrowth() {
        GlobalRunQueue q = new GlobalRunQueue();
        G[] g = gs(1000);
        // Wrap the ring first: in and out 200, so head sits mid-array when it must grow.
        for (int i = 0; i < 200; i++) q.put(g[i]);
        for (int i = 0; i < 200; i++) assertSame(g[i], q.pop());
        for (int i = 0; i < 1000; i++) q.put(g[i]);
        assertEquals(1000, q.size());
        assertEquals(1000, q.sizeRacy());
        for (int i = 0; i < 1000; i++) assertSame(g[i], q.pop(), "entry " + i);
        assertNull(q.pop());
        assertEquals(0, q.size());
    }

    @Test
    void putBatchCopiesFromAWrappedRing() {
        GlobalRunQueue q = new GlobalRunQueue();
        G[] ring = new G[8];
        G[] g = gs(5);
        for (int i = 0; i < 5; i++) ring[(6 + i) & 7] = g[i]; // slots 6, 7, 0, 1, 2
        q.put(g[4]);
        q.putBatch(ring, 6, 4);
        assertSame(g[4], q.pop());
        for (int i = 0; i < 4; i++) assertSame(g[i], q.pop());
        assertNull(q.pop());
    }

    @Test
    void freeListSpillsTheOldestAndRefillsFromTheNewest() {
        GFree local = new GFree(GFree.LOCAL_MAX), global = new GFree(4);
        G[] g = gs(GFree.LOCAL_MAX);
        for (G x : g) local.push(x);
        assertTrue(local.isFull());
        local.spillOldest(global, GFree.LOCAL_MAX / 2);
        assertEquals(GFree.LOCAL_MAX / 2, local.count());
        assertEquals(GFree.LOCAL_MAX / 2, global.count(), "the global list grew to take them");
        assertSame(g[GFree.LOCAL_MAX - 1], local.pop(), "the G freed last stays local, first in line");
        GFree other = new GFree(GFree.LOCAL_MAX);
        other.refill(global, GFree.BATCH);
        assertEquals(GFree.LOCAL_MAX / 2 - GFree.BATCH, global.count());
        Set<G> seen = new HashSet<>();
        G x;
        while ((x = local.pop()) != null) assertTrue(seen.add(x));
        while ((x = other.pop()) != null) assertTrue(seen.add(x));
        while ((x = global.pop()) != null) assertTrue(seen.add(x));
        assertEquals(GFree.LOCAL_MAX - 1, seen.size(), "nothing lost or duplicated");
        for (int i = 0; i < GFree.LOCAL_MAX / 2; i++) assertTrue(seen.contains(g[i]), "spilled G " + i);
    }

    @Test
    void refillNeverOverfillsTheLocalList() {
        GFree local = new GFree(GFree.LOCAL_MAX), global = new GFree(4);
        for (G x : gs(200)) global.push(x);
        for (G x : gs(GFree.LOCAL_MAX - 3)) local.push(x);
        local.refill(global, GFree.BATCH);
        assertTrue(local.isFull());
        assertEquals(197, global.count());
    }
}
