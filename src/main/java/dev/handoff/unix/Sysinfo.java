package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct sysinfo}: the sysinfo call. Memory sizes are in units of {@link #memUnit()} bytes. */
public final class Sysinfo extends Struct {
    /*
     * linux/sysinfo.h (64-bit):
     * struct sysinfo {
     *     __kernel_long_t  uptime;      // seconds since boot
     *     __kernel_ulong_t loads[3];    // 1, 5, 15 minute load averages, scaled by 1 << SI_LOAD_SHIFT (16)
     *     __kernel_ulong_t totalram;    // total usable main memory
     *     __kernel_ulong_t freeram;
     *     __kernel_ulong_t sharedram;
     *     __kernel_ulong_t bufferram;
     *     __kernel_ulong_t totalswap;
     *     __kernel_ulong_t freeswap;
     *     __u16 procs;                  // number of current processes
     *     __u16 pad;
     *     __kernel_ulong_t totalhigh;
     *     __kernel_ulong_t freehigh;
     *     __u32 mem_unit;               // memory unit size in bytes
     *     char _f[20-2*sizeof(__kernel_ulong_t)-sizeof(__u32)];   // empty on 64-bit
     * };
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("uptime"),
            MemoryLayout.sequenceLayout(3, JAVA_LONG).withName("loads"),
            JAVA_LONG.withName("totalram"),
            JAVA_LONG.withName("freeram"),
            JAVA_LONG.withName("sharedram"),
            JAVA_LONG.withName("bufferram"),
            JAVA_LONG.withName("totalswap"),
            JAVA_LONG.withName("freeswap"),
            JAVA_SHORT.withName("procs"),
            MemoryLayout.paddingLayout(6),
            JAVA_LONG.withName("totalhigh"),
            JAVA_LONG.withName("freehigh"),
            JAVA_INT.withName("mem_unit"),
            MemoryLayout.paddingLayout(4)).withName("sysinfo");

    /** The scale of {@link #loads(int)}: 1 << SI_LOAD_SHIFT. */
    public static final double LOAD_SCALE = 1 << 16;

    private static final VarHandle UPTIME = field(LAYOUT, "uptime");
    private static final VarHandle LOADS = LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("loads"),
            MemoryLayout.PathElement.sequenceElement());
    private static final VarHandle TOTALRAM = field(LAYOUT, "totalram");
    private static final VarHandle FREERAM = field(LAYOUT, "freeram");
    private static final VarHandle SHAREDRAM = field(LAYOUT, "sharedram");
    private static final VarHandle BUFFERRAM = field(LAYOUT, "bufferram");
    private static final VarHandle TOTALSWAP = field(LAYOUT, "totalswap");
    private static final VarHandle FREESWAP = field(LAYOUT, "freeswap");
    private static final VarHandle PROCS = field(LAYOUT, "procs");
    private static final VarHandle TOTALHIGH = field(LAYOUT, "totalhigh");
    private static final VarHandle FREEHIGH = field(LAYOUT, "freehigh");
    private static final VarHandle MEM_UNIT = field(LAYOUT, "mem_unit");

    /** A zeroed sysinfo. */
    public Sysinfo(SegmentAllocator allocator) { super(allocator, LAYOUT); }

    private Sysinfo(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of existing memory. */
    public static Sysinfo wrap(MemorySegment segment) { return new Sysinfo(segment); }

    /** Seconds since boot. */
    public long uptime() { return (long) UPTIME.get(segment(), 0L); }
    /** Load average {@code i} (0: 1 minute, 1: 5, 2: 15), scaled by {@link #LOAD_SCALE}. */
    public long loads(int i) { return (long) LOADS.get(segment(), 0L, (long) java.util.Objects.checkIndex(i, 3)); }
    public long totalram() { return (long) TOTALRAM.get(segment(), 0L); }
    public long freeram() { return (long) FREERAM.get(segment(), 0L); }
    public long sharedram() { return (long) SHAREDRAM.get(segment(), 0L); }
    public long bufferram() { return (long) BUFFERRAM.get(segment(), 0L); }
    public long totalswap() { return (long) TOTALSWAP.get(segment(), 0L); }
    public long freeswap() { return (long) FREESWAP.get(segment(), 0L); }
    /** Number of current processes (unsigned 16-bit). */
    public int procs() { return Short.toUnsignedInt((short) PROCS.get(segment(), 0L)); }
    public long totalhigh() { return (long) TOTALHIGH.get(segment(), 0L); }
    public long freehigh() { return (long) FREEHIGH.get(segment(), 0L); }
    /** Size of the memory unit in bytes. */
    public int memUnit() { return (int) MEM_UNIT.get(segment(), 0L); }
}
