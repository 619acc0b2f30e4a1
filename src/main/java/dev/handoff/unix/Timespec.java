package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/** {@code struct timespec}: clock_gettime, nanosleep, clock_nanosleep, utimensat, ppoll, the times in stat. */
public final class Timespec extends Struct {
    /*
     * struct timespec {
     *     time_t tv_sec;    // seconds
     *     long   tv_nsec;   // nanoseconds, [0, 999999999]
     * };
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"),
            JAVA_LONG.withName("tv_nsec")).withName("timespec");

    private static final VarHandle SEC = field(LAYOUT, "tv_sec");
    private static final VarHandle NSEC = field(LAYOUT, "tv_nsec");

    /** A zeroed timespec. */
    public Timespec(SegmentAllocator allocator) { super(allocator, LAYOUT); }

    private Timespec(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of existing memory. */
    public static Timespec wrap(MemorySegment segment) { return new Timespec(segment); }

    /** A timespec holding {@code d} (seconds and nanoseconds of the duration). */
    public static Timespec of(SegmentAllocator allocator, Duration d) { return new Timespec(allocator).set(d); }

    /** A zeroed array, for calls that take {@code struct timespec[2]} (utimensat). */
    public static StructArray<Timespec> array(SegmentAllocator allocator, int n) {
        return StructArray.allocate(allocator, LAYOUT, n, Timespec::new);
    }

    public long sec() { return (long) SEC.get(segment(), 0L); }
    public long nsec() { return (long) NSEC.get(segment(), 0L); }
    public Timespec sec(long v) { SEC.set(segment(), 0L, v); return this; }
    public Timespec nsec(long v) { NSEC.set(segment(), 0L, v); return this; }

    /** Sets both fields from a duration (as Go's {@code NsecToTimespec}). */
    public Timespec set(Duration d) { return sec(d.getSeconds()).nsec(d.getNano()); }

    /** The value as a duration. */
    public Duration toDuration() { return Duration.ofSeconds(sec(), nsec()); }

    /** The value in nanoseconds (as Go's {@code Timespec.Nano}). */
    public long toNanos() { return sec() * 1_000_000_000L + nsec(); }

    @Override
    public String toString() { return "timespec{" + sec() + "s " + nsec() + "ns}"; }
}
