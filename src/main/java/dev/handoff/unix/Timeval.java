package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/** {@code struct timeval}: the times in rusage, SO_RCVTIMEO/SO_SNDTIMEO, settimeofday. */
public final class Timeval extends Struct {
    /*
     * struct timeval {
     *     time_t      tv_sec;    // seconds
     *     suseconds_t tv_usec;   // microseconds, [0, 999999]
     * };
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"),
            JAVA_LONG.withName("tv_usec")).withName("timeval");

    private static final VarHandle SEC = field(LAYOUT, "tv_sec");
    private static final VarHandle USEC = field(LAYOUT, "tv_usec");

    /** A zeroed timeval. */
    public Timeval(SegmentAllocator allocator) { super(allocator, LAYOUT); }

    private Timeval(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of existing memory. */
    public static Timeval wrap(MemorySegment segment) { return new Timeval(segment); }

    public long sec() { return (long) SEC.get(segment(), 0L); }
    public long usec() { return (long) USEC.get(segment(), 0L); }
    public Timeval sec(long v) { SEC.set(segment(), 0L, v); return this; }
    public Timeval usec(long v) { USEC.set(segment(), 0L, v); return this; }

    /** Sets both fields from a duration, truncated to microseconds (as Go's {@code NsecToTimeval}). */
    public Timeval set(Duration d) { return sec(d.getSeconds()).usec(d.getNano() / 1000); }

    /** The value as a duration. */
    public Duration toDuration() { return Duration.ofSeconds(sec(), usec() * 1000); }

    @Override
    public String toString() { return "timeval{" + sec() + "s " + usec() + "us}"; }
}
