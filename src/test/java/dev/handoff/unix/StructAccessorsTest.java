package dev.handoff.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Round trips through the accessors, and the checks every struct view makes on its memory. */
class StructAccessorsTest {
    @Test
    void timespecRoundTripAndFieldBytes() {
        try (Arena a = Arena.ofConfined()) {
            Timespec ts = new Timespec(a).sec(5).nsec(123_456_789);
            assertEquals(5, ts.sec());
            assertEquals(123_456_789, ts.nsec());
            assertEquals(5, ts.segment().get(ValueLayout.JAVA_LONG, 0));
            assertEquals(123_456_789, ts.segment().get(ValueLayout.JAVA_LONG, 8));
            assertEquals(Duration.ofMillis(1500), Timespec.of(a, Duration.ofMillis(1500)).toDuration());
            assertEquals(1_500_000_000L, Timespec.of(a, Duration.ofMillis(1500)).toNanos());
            assertEquals(ts.segment().address(), ts.address());
        }
    }

    @Test
    void newStructsAreZeroedEvenFromARecycledAllocator() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment block = a.allocate(64, 8).fill((byte) 0x5a);
            var alloc = java.lang.foreign.SegmentAllocator.slicingAllocator(block);
            Timespec ts = new Timespec(alloc);
            assertEquals(0, ts.sec());
            assertEquals(0, ts.nsec());
        }
    }

    @Test
    void wrapChecksSizeAlignmentAndNativeness() {
        try (Arena a = Arena.ofConfined()) {
            var small = assertThrows(IllegalArgumentException.class, () -> Timespec.wrap(a.allocate(15, 8)));
            assertTrue(small.getMessage().contains("needs 16 bytes"), small.getMessage());
            var odd = a.allocate(32, 8).asSlice(4);
            assertThrows(IllegalArgumentException.class, () -> Timespec.wrap(odd));
            assertThrows(IllegalArgumentException.class, () -> Timespec.wrap(MemorySegment.ofArray(new long[2])));
            assertThrows(NullPointerException.class, () -> Timespec.wrap(null));
            // the packed amd64 epoll_event has no alignment: a view at any address is fine there
            if (Struct.AMD64) assertEquals(3, EpollEvent.wrap(a.allocate(16, 8).asSlice(3)).events(3).events());
        }
    }

    @Test
    void epollEventArrayStrideAndFields() {
        try (Arena a = Arena.ofConfined()) {
            StructArray<EpollEvent> evs = EpollEvent.array(a, 4);
            assertEquals(4, evs.size());
            assertEquals(4 * EpollEvent.LAYOUT.byteSize(), evs.segment().byteSize());
            for (int i = 0; i < 4; i++) evs.get(i).events(0x80000000 | i).data(-1L - i);
            long stride = Struct.AMD64 ? 12 : 16;
            long dataOff = Struct.AMD64 ? 4 : 8;
            for (int i = 0; i < 4; i++) {
                assertEquals(0x80000000 | i, evs.segment().get(ValueLayout.JAVA_INT_UNALIGNED, i * stride));
                assertEquals(-1L - i, evs.segment().get(ValueLayout.JAVA_LONG_UNALIGNED, i * stride + dataOff));
            }
            int n = 0;
            for (EpollEvent e : evs) assertEquals(-1L - n++, e.data());
            assertEquals(4, n);
            assertEquals(evs.address() + 2 * stride, evs.get(2).address());
            assertThrows(IndexOutOfBoundsException.class, () -> evs.get(4));
            assertThrows(IllegalArgumentException.class, () -> EpollEvent.array(a, -1));
            assertEquals(0, EpollEvent.array(a, 0).size());
            assertEquals(2, EpollEvent.array(evs.segment().asSlice(0, 2 * stride + 5)).size());
        }
    }

    @Test
    void pollFdEventsAreUnsigned16Bit() {
        try (Arena a = Arena.ofConfined()) {
            StructArray<PollFd> fds = PollFd.array(a, 2);
            fds.get(1).fd(7).events(0x8001).revents(0xffff);
            assertEquals(7, fds.get(1).fd());
            assertEquals(0x8001, fds.get(1).events());
            assertEquals(0xffff, fds.get(1).revents());
            assertEquals(7, fds.segment().get(ValueLayout.JAVA_INT, 8));
            assertEquals(0, fds.get(0).fd());
        }
    }

    @Test
    void iovecPointsAtNativeBuffers() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(100);
            StructArray<Iovec> iov = Iovec.array(a, 2);
            iov.get(0).set(buf.asSlice(10, 20));
            assertEquals(buf.address() + 10, iov.get(0).base().address());
            assertEquals(20, iov.get(0).len());
            assertEquals(buf.address() + 10, iov.segment().get(ValueLayout.JAVA_LONG, 0));
            assertEquals(20, iov.segment().get(ValueLayout.JAVA_LONG, 8));
            assertThrows(IllegalArgumentException.class, () -> iov.get(1).set(MemorySegment.ofArray(new byte[4])));
        }
    }

    @Test
    void statReadsTheRunningArchitecturesFields() {
        try (Arena a = Arena.ofConfined()) {
            Stat st = new Stat(a);
            MemorySegment s = st.segment();
            s.set(ValueLayout.JAVA_LONG, 48, 4096L);             // st_size: offset 48 on both
            s.set(ValueLayout.JAVA_LONG, 64, 8L);                // st_blocks: 64 on both
            s.set(ValueLayout.JAVA_INT, Struct.AMD64 ? 24 : 16, 0100644); // st_mode
            s.set(ValueLayout.JAVA_LONG, 88, 1_700_000_000L);    // st_mtim.tv_sec
            s.set(ValueLayout.JAVA_LONG, 96, 42L);               // st_mtim.tv_nsec
            assertEquals(4096, st.size());
            assertEquals(8, st.blocks());
            assertEquals(0100644, st.mode());
            assertEquals(1_700_000_000L, st.mtim().sec());
            assertEquals(42, st.mtim().nsec());
            assertEquals(Struct.AMD64 ? 144 : 128, Stat.LAYOUT.byteSize());
        }
    }
}
