package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct rlimit} (the kernel's rlimit64): prlimit64, getrlimit, setrlimit. */
public final class Rlimit extends Struct {
    /** RLIM_INFINITY: no limit (all ones, -1 as a Java long). */
    public static final long INFINITY = -1L;

    /*
     * struct rlimit {
     *     rlim_t rlim_cur;   // soft limit (unsigned 64-bit; RLIM_INFINITY = ~0)
     *     rlim_t rlim_max;   // hard limit, ceiling for rlim_cur
     * };
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("rlim_cur"),
            JAVA_LONG.withName("rlim_max")).withName("rlimit");

    private static final VarHandle CUR = field(LAYOUT, "rlim_cur");
    private static final VarHandle MAX = field(LAYOUT, "rlim_max");

    /** A zeroed rlimit. */
    public Rlimit(SegmentAllocator allocator) { super(allocator, LAYOUT); }

    private Rlimit(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of existing memory. */
    public static Rlimit wrap(MemorySegment segment) { return new Rlimit(segment); }

    public long cur() { return (long) CUR.get(segment(), 0L); }
    public long max() { return (long) MAX.get(segment(), 0L); }
    public Rlimit cur(long v) { CUR.set(segment(), 0L, v); return this; }
    public Rlimit max(long v) { MAX.set(segment(), 0L, v); return this; }

    @Override
    public String toString() {
        return "rlimit{cur=" + (cur() == INFINITY ? "inf" : Long.toUnsignedString(cur()))
                + " max=" + (max() == INFINITY ? "inf" : Long.toUnsignedString(max())) + "}";
    }
}
