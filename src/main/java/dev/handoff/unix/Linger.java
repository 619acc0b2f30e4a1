package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct linger}: get/setsockopt SO_LINGER. */
public final class Linger extends Struct {
    /*
     * struct linger {
     *     int l_onoff;    // non-zero: linger on close
     *     int l_linger;   // for this many seconds
     * };
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("l_onoff"),
            JAVA_INT.withName("l_linger")).withName("linger");

    private static final VarHandle ONOFF = field(LAYOUT, "l_onoff");
    private static final VarHandle LINGER = field(LAYOUT, "l_linger");

    /** A zeroed linger (off). */
    public Linger(SegmentAllocator allocator) { super(allocator, LAYOUT); }

    private Linger(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of existing memory. */
    public static Linger wrap(MemorySegment segment) { return new Linger(segment); }

    public int onoff() { return (int) ONOFF.get(segment(), 0L); }
    public int linger() { return (int) LINGER.get(segment(), 0L); }
    public Linger onoff(int v) { ONOFF.set(segment(), 0L, v); return this; }
    public Linger linger(int v) { LINGER.set(segment(), 0L, v); return this; }
}
