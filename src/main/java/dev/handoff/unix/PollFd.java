package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct pollfd}: one element of poll/ppoll's array ({@link #array(SegmentAllocator, int)}). */
public final class PollFd extends Struct {
    /*
     * struct pollfd {
     *     int   fd;        // file descriptor; negative: ignored
     *     short events;    // requested events: POLLIN | POLLOUT ...
     *     short revents;   // returned events
     * };
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"),
            JAVA_SHORT.withName("events"),
            JAVA_SHORT.withName("revents")).withName("pollfd");

    private static final VarHandle FD = field(LAYOUT, "fd");
    private static final VarHandle EVENTS = field(LAYOUT, "events");
    private static final VarHandle REVENTS = field(LAYOUT, "revents");

    /** A zeroed pollfd. */
    public PollFd(SegmentAllocator allocator) { super(allocator, LAYOUT); }

    private PollFd(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of existing memory. */
    public static PollFd wrap(MemorySegment segment) { return new PollFd(segment); }

    /** A zeroed array of {@code n} pollfds. */
    public static StructArray<PollFd> array(SegmentAllocator allocator, int n) {
        return StructArray.allocate(allocator, LAYOUT, n, PollFd::new);
    }

    /** A view of existing memory as an array. */
    public static StructArray<PollFd> array(MemorySegment segment) {
        return new StructArray<>(segment, LAYOUT, PollFd::new);
    }

    public int fd() { return (int) FD.get(segment(), 0L); }
    /** The requested events (POLL* bits fit in 16 bits; returned as an int without sign extension). */
    public int events() { return Short.toUnsignedInt((short) EVENTS.get(segment(), 0L)); }
    /** The returned events. */
    public int revents() { return Short.toUnsignedInt((short) REVENTS.get(segment(), 0L)); }
    public PollFd fd(int v) { FD.set(segment(), 0L, v); return this; }
    public PollFd events(int v) { EVENTS.set(segment(), 0L, (short) v); return this; }
    public PollFd revents(int v) { REVENTS.set(segment(), 0L, (short) v); return this; }
}
