package dev.handoff.runtime;

import static org.junit.jupiter.api.Assertions.*;

import dev.handoff.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Channel semantics after Go's chan_test.go, between platform and virtual threads. */
class ChanTest {
    static final Duration T = Duration.ofSeconds(20);

    static Thread vthread(Runnable r) {
        return Thread.ofVirtual().start(r);
    }

    static void join(Thread... ts) throws InterruptedException {
        for (Thread t : ts) {
            t.join(T.toMillis());
            assertFalse(t.isAlive(), t + " did not finish");
        }
    }

    @Test
    void bufferedChannelIsFifo() {
        Chan<Integer> c = Chan.make(10);
        for (int i = 0; i < 10; i++) c.send(i);
        assertEquals(10, c.len());
        assertEquals(10, c.cap());
        for (int i = 0; i < 10; i++) assertEquals(i, c.recv());
        assertEquals(0, c.len());
    }

    @Test
    void fifoThroughASmallBufferAcrossThreads() throws Exception {
        for (int cap : new int[] {0, 1, 3}) {
            Chan<Integer> c = Chan.make(cap);
            int n = 20_000;
            Thread p = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < n; i++) c.send(i);
                c.close();
            });
            int expect = 0;
            for (int v : c) assertEquals(expect++, v, "cap " + cap);
            assertEquals(n, expect);
            join(p);
        }
    }

    @Test
    void unbufferedSendWaitsForAReceiverAndHandsTheValueOver() throws Exception {
        Chan<String> c = Chan.make();
        Thread s = Thread.ofPlatform().start(() -> c.send("hello"));
        Await.until(T, "sender parked on the channel", () -> c.waitingSenders() == 1
                && LockSupport.getBlocker(s) == c);
        assertEquals(Thread.State.WAITING, s.getState());
        assertEquals("hello", c.recv());
        join(s);
        assertEquals(0, c.waitingSenders());
    }

    @Test
    void waitingReceiversAreServedInFifoOrder() throws Exception {
        Chan<Integer> c = Chan.make();
        int n = 5;
        Integer[] got = new Integer[n];
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            ts.add(vthread(() -> got[k] = c.recv()));
            Await.until(T, "receiver " + k + " queued", () -> c.waitingReceivers() == k + 1);
        }
        for (int i = 0; i < n; i++) c.send(100 + i);
        join(ts.toArray(Thread[]::new));
        for (int i = 0; i < n; i++) assertEquals(100 + i, got[i]);
    }

    @Test
    void closeWakesAllReceiversWithZeroAndNotOk() throws Exception {
        for (int cap : new int[] {0, 4}) {
            Chan<Integer> c = Chan.make(cap);
            int n = 16;
            ConcurrentLinkedQueue<Received<Integer>> results = new ConcurrentLinkedQueue<>();
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < n; i++) ts.add(i % 2 == 0 ? vthread(() -> results.add(c.recvOk()))
                    : Thread.ofPlatform().start(() -> results.add(c.recvOk())));
            Await.until(T, "all receivers queued", () -> c.waitingReceivers() == n);
            c.close();
            join(ts.toArray(Thread[]::new));
            assertEquals(n, results.size());
            for (Received<Integer> r : results) {
                assertFalse(r.ok());
                assertNull(r.value());
            }
            assertNull(c.recv(), "a closed channel yields zero at once");
            assertFalse(c.recvOk().ok());
            assertEquals(Received.closed(), c.tryRecv());
        }
    }

    @Test
    void closedBufferedChannelIsDrainedFirst() {
        Chan<Integer> c = Chan.make(3);
        c.send(1);
        c.send(2);
        c.close();
        assertEquals(new Received<>(1, true), c.recvOk());
        assertEquals(2, c.recv());
        assertEquals(Received.closed(), c.recvOk());
    }

    @Test
    void closeWakesBlockedSendersWithAnException() throws Exception {
        Chan<Integer> c = Chan.make(1);
        c.send(0);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread s = vthread(() -> {
            try {
                c.send(1);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        Await.until(T, "sender queued", () -> c.waitingSenders() == 1);
        c.close();
        join(s);
        assertInstanceOf(ChanClosedException.class, thrown.get());
        assertEquals("send on closed channel", thrown.get().getMessage());
        assertEquals(0, c.recv(), "the buffered value survives the close");
        assertNull(c.recv());
    }

    @Test
    void badInputGivesClearExceptions() {
        Chan<Integer> c = Chan.make(1);
        var npe = assertThrows(NullPointerException.class, () -> c.send(null));
        assertTrue(npe.getMessage().contains("must not be null"), npe.getMessage());
        assertThrows(NullPointerException.class, () -> c.trySend(null));
        assertThrows(NullPointerException.class, () -> new Select().send(c, null));
        var iae = assertThrows(IllegalArgumentException.class, () -> Chan.make(-1));
        assertTrue(iae.getMessage().contains("size out of range"));
        c.close();
        assertEquals("send on closed channel", assertThrows(ChanClosedException.class, () -> c.send(1)).getMessage());
        assertEquals("send on closed channel", assertThrows(ChanClosedException.class, () -> c.trySend(1)).getMessage());
        assertEquals("close of closed channel", assertThrows(ChanClosedException.class, c::close).getMessage());
        assertEquals("close of nil channel", assertThrows(ChanClosedException.class, () -> Chan.nil().close()).getMessage());
        Select s = new Select();
        s.send(c, 1);
        assertThrows(ChanClosedException.class, s::selectOrDefault);
    }

    @Test
    void nilChannelBlocksForeverAndIsNeverReadyInSelect() throws Exception {
        Chan<Integer> nil = Chan.nil();
        assertEquals(0, nil.len());
        assertEquals(0, nil.cap());
        assertFalse(nil.trySend(1));
        assertNull(nil.tryRecv());
        Select s = new Select();
        s.recv(nil);
        s.send(nil, 1);
        s.recv(null);
        assertEquals(Select.DEFAULT, s.selectOrDefault());

        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread r = Thread.ofPlatform().start(() -> {
            try {
                nil.recv();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        Await.until(T, "receiver parked on the nil channel", () -> LockSupport.getBlocker(r) == nil);
        assertTrue(r.isAlive());
        r.interrupt(); // a thread's only way out; a goroutine's is the deadlock detector
        join(r);
        assertInstanceOf(IllegalStateException.class, thrown.get());
        assertTrue(thrown.get().getMessage().contains("chan receive (nil chan)"), thrown.get().getMessage());
    }

    @Test
    void interruptDoesNotBreakAChannelWaitAndIsKept() throws Exception {
        Chan<Integer> c = Chan.make();
        AtomicReference<Object> got = new AtomicReference<>();
        Thread r = Thread.ofPlatform().start(() -> {
            Integer v = c.recv();
            got.set(List.of(v, Thread.currentThread().isInterrupted()));
        });
        Await.until(T, "receiver queued", () -> c.waitingReceivers() == 1);
        r.interrupt();
        // The wait consumed the interrupt (flag cleared) and parked again: it was not broken by it.
        Await.until(T, "interrupt absorbed, parked again",
                () -> !r.isInterrupted() && r.getState() == Thread.State.WAITING && c.waitingReceivers() == 1);
        c.send(7);
        join(r);
        assertEquals(List.of(7, true), got.get());
    }

    @Test
    void manyProducersAndConsumersLoseAndDuplicateNothing() throws Exception {
        for (int cap : new int[] {0, 2, 64}) {
            Chan<Long> c = Chan.make(cap);
            int producers = 4, consumers = 4, per = 5_000;
            AtomicInteger live = new AtomicInteger(producers);
            long[] sums = new long[consumers];
            long[][] lastSeen = new long[consumers][producers];
            List<Thread> ts = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int pid = p;
                ts.add(vthread(() -> {
                    for (long i = 1; i <= per; i++) c.send(i * producers + pid);
                    if (live.decrementAndGet() == 0) c.close();
                }));
            }
            for (int k = 0; k < consumers; k++) {
                int kid = k;
                ts.add(Thread.ofPlatform().start(() -> {
                    for (long v : c) {
                        int pid = (int) (v % producers);
                        assertTrue(v > lastSeen[kid][pid], "per-producer order kept");
                        lastSeen[kid][pid] = v;
                        sums[kid] += v;
                    }
                }));
            }
            join(ts.toArray(Thread[]::new));
            long total = 0;
            for (long s : sums) total += s;
            long expect = 0;
            for (int p = 0; p < producers; p++) for (long i = 1; i <= per; i++) expect += i * producers + p;
            assertEquals(expect, total, "cap " + cap);
        }
    }

    @Test
    void daisyChainOfTenThousandVirtualThreads() throws Exception {
        int n = 10_000;
        Chan<Integer> leftmost = Chan.make();
        Chan<Integer> left = leftmost;
        for (int i = 0; i < n; i++) {
            Chan<Integer> right = Chan.make();
            Chan<Integer> l = left;
            vthread(() -> l.send(1 + right.recv()));
            left = right;
        }
        Chan<Integer> last = left;
        vthread(() -> last.send(1));
        assertEquals(n + 1, leftmost.recv());
    }

    @Test
    void blockedSendAndReceiveAllocateNoSudogOnceWarm() throws Exception {
        // The Sudog cache: the same Sudog object serves every blocking operation of a thread.
        Chan<Integer> c = Chan.make();
        AtomicReference<Sudog> first = new AtomicReference<>();
        AtomicInteger distinct = new AtomicInteger();
        Thread r = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 200; i++) {
                Sudog before = peekCache();
                c.recv();
                if (first.get() == null) first.set(before);
                else if (before != first.get()) distinct.incrementAndGet();
            }
        });
        for (int i = 0; i < 200; i++) c.send(i);
        join(r);
        assertEquals(0, distinct.get());
    }

    private static Sudog peekCache() {
        Waiter w = Waiter.current();
        Sudog s = w.acquireSudog();
        w.releaseSudog(s);
        return s;
    }
}
