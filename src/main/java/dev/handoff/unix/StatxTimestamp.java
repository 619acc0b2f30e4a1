package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct statx_timestamp}: the four times of a {@link Statx} ({@code stx.mtime()} is a view into it). */
public final class StatxTimestamp extends Struct {
    /*
     * linux/stat.h:
     * struct statx_timestamp {
     *     __s64 tv_sec;       // seconds since the epoch
     *     __u32 tv_nsec;      // nanoseconds
     *     __s32 __reserved;
     * };
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"),
            JAVA_INT.withName("tv_nsec"),
            MemoryLayout.paddingLayout(4)).withName("statx_timestamp");

    private static final VarHandle SEC = field(LAYOUT, "tv_sec");
    private static final VarHandle NSEC = field(LAYOUT, "tv_nsec");

    /** A zeroed statx_timestamp. */
    public StatxTimestamp(SegmentAllocator allocator) { super(allocator, LAYOUT); }

    private StatxTimestamp(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of existing memory. */
    public static StatxTimestamp wrap(MemorySegment segment) { return new StatxTimestamp(segment); }

    public long sec() { return (long) SEC.get(segment(), 0L); }
    public int nsec() { return (int) NSEC.get(segment(), 0L); }

    @Override
    public String toString() { return "statx_timestamp{" + sec() + "s " + nsec() + "ns}"; }
}
