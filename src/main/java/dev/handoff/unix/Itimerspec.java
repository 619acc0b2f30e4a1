package dev.handoff.unix;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;

/** {@code struct itimerspec}: timerfd_settime/timerfd_gettime and timer_settime. */
public final class Itimerspec extends Struct {
    /*
     * struct itimerspec {
     *     struct timespec it_interval;   // period; zero: fires once
     *     struct timespec it_value;      // first expiration; zero: disarms
     * };
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            Timespec.LAYOUT.withName("it_interval"),
            Timespec.LAYOUT.withName("it_value")).withName("itimerspec");

    private static final long INTERVAL = offset(LAYOUT, "it_interval");
    private static final long VALUE = offset(LAYOUT, "it_value");

    /** A zeroed itimerspec. */
    public Itimerspec(SegmentAllocator allocator) { super(allocator, LAYOUT); }

    private Itimerspec(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of existing memory. */
    public static Itimerspec wrap(MemorySegment segment) { return new Itimerspec(segment); }

    /** The period (a view into this struct: {@code its.interval().sec(1)} sets it). */
    public Timespec interval() { return Timespec.wrap(segment().asSlice(INTERVAL, Timespec.LAYOUT.byteSize())); }

    /** The first expiration (a view into this struct). */
    public Timespec value() { return Timespec.wrap(segment().asSlice(VALUE, Timespec.LAYOUT.byteSize())); }
}
