package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * {@code struct epoll_event}: epoll_ctl's event and epoll_wait/epoll_pwait's array. Packed on amd64
 * (12 bytes, data at offset 4, no alignment), naturally aligned on arm64 (16 bytes, data at 8).
 * The data union is one 64-bit word here: store an fd, a pointer or a token with {@link #data(long)}.
 */
public final class EpollEvent extends Struct {
    /*
     * typedef union epoll_data { void *ptr; int fd; uint32_t u32; uint64_t u64; } epoll_data_t;
     *
     * struct epoll_event {
     *     uint32_t     events;   // EPOLLIN | EPOLLOUT | EPOLLET ...
     *     epoll_data_t data;
     * } __attribute__ ((__packed__));   // only on x86-64: the kernel's EPOLL_PACKED
     */
    static final StructLayout AMD64_LAYOUT = MemoryLayout.structLayout(
            JAVA_INT_UNALIGNED.withName("events"),
            JAVA_LONG_UNALIGNED.withName("data")).withName("epoll_event");
    static final StructLayout ARM64_LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("events"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("data")).withName("epoll_event");

    /** The running machine's struct epoll_event. */
    public static final StructLayout LAYOUT = AMD64 ? AMD64_LAYOUT : ARM64_LAYOUT;

    private static final VarHandle EVENTS = field(LAYOUT, "events");
    private static final VarHandle DATA = field(LAYOUT, "data");

    /** A zeroed epoll_event. */
    public EpollEvent(SegmentAllocator allocator) { super(allocator, LAYOUT); }

    private EpollEvent(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of existing memory. */
    public static EpollEvent wrap(MemorySegment segment) { return new EpollEvent(segment); }

    /** A zeroed array of {@code n} events, for epoll_wait. */
    public static StructArray<EpollEvent> array(SegmentAllocator allocator, int n) {
        return StructArray.allocate(allocator, LAYOUT, n, EpollEvent::new);
    }

    /** A view of existing memory as an array (as many whole events as fit). */
    public static StructArray<EpollEvent> array(MemorySegment segment) {
        return new StructArray<>(segment, LAYOUT, EpollEvent::new);
    }

    public int events() { return (int) EVENTS.get(segment(), 0L); }
    public long data() { return (long) DATA.get(segment(), 0L); }
    public EpollEvent events(int v) { EVENTS.set(segment(), 0L, v); return this; }
    public EpollEvent data(long v) { DATA.set(segment(), 0L, v); return this; }

    @Override
    public String toString() { return "epoll_event{events=0x" + Integer.toHexString(events()) + " data=" + data() + "}"; }
}
