package dev.handoff.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The heap on its own (no driver thread): order, deletion, tickers. */
class TimerHeapTest {

    @Test
    void firesExactlyTheDueTimersInDeadlineOrderAndDeletesCleanly() {
        TimerHeap h = new TimerHeap();
        List<RuntimeTimer> fired = new ArrayList<>();
        TimerFunc record = (t, now) -> fired.add(t);
        Random rnd = new Random(42);
        List<RuntimeTimer> all = new ArrayList<>();
        Set<RuntimeTimer> deleted = new HashSet<>();
        h.lock();
        for (int i = 0; i < 2_000; i++) {
            RuntimeTimer t = RuntimeTimer.forTest(record, i);
            t.when = rnd.nextInt(1_000);
            h.addLocked(t);
            all.add(t);
        }
        for (int i = 0; i < 500; i++) {
            RuntimeTimer t = all.get(rnd.nextInt(all.size()));
            assertEquals(!deleted.contains(t), h.deleteLocked(t));
            deleted.add(t);
        }
        assertEquals(all.size() - deleted.size(), h.size());
        long next = h.runLocked(499);
        for (RuntimeTimer t : fired) assertTrue(t.when <= 499);
        for (int i = 1; i < fired.size(); i++) assertTrue(fired.get(i - 1).when <= fired.get(i).when, "deadline order");
        assertTrue(next >= 500 && next < 1_000);
        assertEquals(next, h.next());
        h.runLocked(10_000);
        h.unlock();
        assertEquals(all.size() - deleted.size(), fired.size());
        for (RuntimeTimer t : fired) {
            assertFalse(deleted.contains(t));
            assertEquals(-1, t.index);
        }
        assertEquals(Long.MAX_VALUE, h.next());
    }

    @Test
    void aTickerIsRequeuedAtTheNextMultipleOfItsPeriod() {
        TimerHeap h = new TimerHeap();
        int[] n = {0};
        RuntimeTimer t = RuntimeTimer.forTest((x, now) -> n[0]++, null);
        t.when = 100;
        t.period = 10;
        h.lock();
        h.addLocked(t);
        assertEquals(110, h.runLocked(100));
        assertEquals(1, n[0]);
        assertEquals(150, h.runLocked(145), "a late run skips the missed ticks, fires once");
        assertEquals(2, n[0]);
        assertTrue(h.deleteLocked(t));
        assertFalse(h.deleteLocked(t));
        h.unlock();
    }
}
