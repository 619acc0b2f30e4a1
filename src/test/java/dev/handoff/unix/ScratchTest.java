package dev.handoff.unix;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-thread scratch memory the typed layer copies through instead of an arena per call. */
class ScratchTest {
    @Test
    void nestsAsAStackAndHandsOutZeroedAlignedMemory() {
        long base;
        try (Scratch outer = Scratch.open()) {
            base = outer.top();
            MemorySegment a = outer.allocate(3, 1);
            a.fill((byte) 7);
            long afterA = outer.top();
            try (Scratch inner = Scratch.open()) {
                assertSame(outer, inner, "one block per platform thread");
                MemorySegment b = inner.allocate(16, 16);
                assertEquals(0, b.address() % 16, "aligned");
                assertTrue(b.address() >= a.address() + 3, "above what the outer use holds");
                b.fill((byte) 9);
            }
            assertEquals(afterA, outer.top(), "the inner close drops back to its mark");
            MemorySegment c = outer.allocate(16, 16);
            for (long i = 0; i < 16; i++) assertEquals(0, c.get(ValueLayout.JAVA_BYTE, i), "zeroed like an arena's memory");
            assertEquals(0, outer.depth() - 1);
        }
        try (Scratch s = Scratch.open()) {
            assertEquals(base, s.top(), "everything released after the outermost close");
        }
    }

    @Test
    void whatDoesNotFitSpillsToAnArenaClosedWithTheOutermostUse() {
        MemorySegment big;
        try (Scratch s = Scratch.open()) {
            big = s.allocate(Scratch.SIZE + 1, 8);
            assertEquals(Scratch.SIZE + 1, big.byteSize());
            big.set(ValueLayout.JAVA_BYTE, Scratch.SIZE, (byte) 1);
            assertTrue(big.scope().isAlive());
        }
        assertFalse(big.scope().isAlive(), "the spill arena is closed");
    }

    @Test
    void closeOnAnotherThreadFailsLoudly() throws Exception {
        Scratch s = Scratch.open();
        try {
            AtomicReference<Throwable> seen = new AtomicReference<>();
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    s.close();
                } catch (Throwable e) {
                    seen.set(e);
                }
            });
            t.join();
            assertInstanceOf(IllegalStateException.class, seen.get());
        } finally {
            s.close();
        }
        assertThrows(IllegalStateException.class, () -> {
            try (Scratch x = Scratch.open()) {
                x.close();                                      // once too often
            }
        });
    }

    @Test
    void virtualThreadsGetTheirOwnMemoryPerCall() throws Exception {
        AtomicReference<Object> first = new AtomicReference<>(), second = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try (Scratch a = Scratch.open()) { first.set(a); }
            try (Scratch b = Scratch.open()) { second.set(b); }
        });
        t.join();
        assertNotNull(first.get());
        assertNotSame(first.get(), second.get(), "no block kept for a virtual thread");
    }

    @Test
    void heapBuffersRoundTripThroughTheScratchAndReleaseIt(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("data");
        byte[] data = new byte[10_000];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 31);
        Files.write(f, data);
        long before;
        try (Scratch s = Scratch.open()) { before = s.top(); }
        int fd = Unix.open(f.toString(), ZConstants.O_RDONLY, 0);
        try {
            byte[] back = new byte[data.length];
            for (int round = 0; round < 100; round++) {
                java.util.Arrays.fill(back, (byte) 0);
                assertEquals(data.length, Unix.pread(fd, back, 0));
                assertArrayEquals(data, back);
            }
        } finally {
            Unix.close(fd);
        }
        try (Scratch s = Scratch.open()) {
            assertEquals(before, s.top(), "calls leave the block as they found it");
        }
    }

    @Test
    void aShortReadLeavesTheRestOfTheCallersArrayAlone() {
        int[] fds = new int[2];
        Unix.pipe2(fds, 0);
        try {
            byte[] junk = new byte[64];
            java.util.Arrays.fill(junk, (byte) 0x5a);
            Unix.write(fds[1], junk);
            assertEquals(64, Unix.read(fds[0], new byte[64]));  // the scratch block now holds 0x5a bytes
            Unix.write(fds[1], new byte[] {1, 2, 3});
            byte[] into = new byte[64];
            java.util.Arrays.fill(into, (byte) 7);
            assertEquals(3, Unix.read(fds[0], into));
            assertArrayEquals(new byte[] {1, 2, 3}, java.util.Arrays.copyOf(into, 3));
            for (int i = 3; i < into.length; i++) assertEquals(7, into[i], "byte " + i + " is the caller's own");
        } finally {
            Unix.close(fds[0]);
            Unix.close(fds[1]);
        }
    }
}
