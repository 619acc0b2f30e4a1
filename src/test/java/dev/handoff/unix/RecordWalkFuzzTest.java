package dev.handoff.unix;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;

/**
 * The walkers over variable-length records (getdents64, inotify, control messages) on random bytes:
 * each walk ends after a bounded number of records, and the only failure is the walker's own
 * IllegalStateException. Seeded, so a failure reproduces.
 */
class RecordWalkFuzzTest {
    private static final int ROUNDS = 3000;

    @Test
    void direntWalksEndOnAnyBytes() {
        walk("getdents64", (buf, n) -> Dirent64.records(buf, n), 24);
    }

    @Test
    void inotifyWalksEndOnAnyBytes() {
        walk("inotify", (buf, n) -> InotifyEvent.events(buf, n), 16);
    }

    @Test
    void controlMessageWalksEndOnAnyBytes() {
        walk("cmsg", (buf, n) -> Cmsghdr.messages(buf, n), 16);
    }

    private static void walk(String what, BiFunction<MemorySegment, Long, Iterable<? extends Struct>> walker, int minRecord) {
        Random r = new Random(0x5eed ^ what.hashCode());
        int ended = 0, rejected = 0;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(512, 8);
            for (int round = 0; round < ROUNDS; round++) {
                byte[] bytes = new byte[512];
                r.nextBytes(bytes);
                // make plausible small lengths common, so walks also get past the first record
                for (int off = 0; off + 16 < 512; off += 8) {
                    if (r.nextInt(3) == 0) bytes[off + 16] = (byte) (r.nextInt(6) * 8);
                    if (r.nextInt(3) == 0) bytes[off + 12] = (byte) (r.nextInt(4) * 16);
                    if (r.nextInt(3) == 0) { bytes[off] = (byte) (16 + r.nextInt(4) * 8); bytes[off + 1] = 0; }
                }
                MemorySegment.copy(bytes, 0, buf, ValueLayout.JAVA_BYTE, 0, 512);
                long n = r.nextInt(513);
                int records = 0;
                try {
                    for (Struct s : walker.apply(buf, n)) {
                        records++;
                        assertTrue(s.segment().byteSize() >= minRecord, what + ": a record view smaller than its header");
                        if (records > n / minRecord + 1) fail(what + ": walk did not end, round " + round);
                    }
                    ended++;
                } catch (IllegalStateException e) {
                    rejected++;
                }
            }
        }
        assertTrue(ended > 0 && rejected > 0, what + ": both outcomes seen (" + ended + " ended, " + rejected + " rejected)");
    }
}
