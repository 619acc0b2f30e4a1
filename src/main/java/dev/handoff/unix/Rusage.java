package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct rusage}: getrusage and wait4. */
public final class Rusage extends Struct {
    /*
     * struct rusage {
     *     struct timeval ru_utime;   // user CPU time used
     *     struct timeval ru_stime;   // system CPU time used
     *     long ru_maxrss;            // maximum resident set size, KiB
     *     long ru_ixrss;             // (unused by Linux)
     *     long ru_idrss;             // (unused)
     *     long ru_isrss;             // (unused)
     *     long ru_minflt;            // page reclaims (soft page faults)
     *     long ru_majflt;            // page faults (hard page faults)
     *     long ru_nswap;             // (unused)
     *     long ru_inblock;           // block input operations
     *     long ru_oublock;           // block output operations
     *     long ru_msgsnd;            // (unused)
     *     long ru_msgrcv;            // (unused)
     *     long ru_nsignals;          // (unused)
     *     long ru_nvcsw;             // voluntary context switches
     *     long ru_nivcsw;            // involuntary context switches
     * };
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            Timeval.LAYOUT.withName("ru_utime"),
            Timeval.LAYOUT.withName("ru_stime"),
            JAVA_LONG.withName("ru_maxrss"),
            JAVA_LONG.withName("ru_ixrss"),
            JAVA_LONG.withName("ru_idrss"),
            JAVA_LONG.withName("ru_isrss"),
            JAVA_LONG.withName("ru_minflt"),
            JAVA_LONG.withName("ru_majflt"),
            JAVA_LONG.withName("ru_nswap"),
            JAVA_LONG.withName("ru_inblock"),
            JAVA_LONG.withName("ru_oublock"),
            JAVA_LONG.withName("ru_msgsnd"),
            JAVA_LONG.withName("ru_msgrcv"),
            JAVA_LONG.withName("ru_nsignals"),
            JAVA_LONG.withName("ru_nvcsw"),
            JAVA_LONG.withName("ru_nivcsw")).withName("rusage");

    private static final long UTIME = offset(LAYOUT, "ru_utime");
    private static final long STIME = offset(LAYOUT, "ru_stime");
    private static final VarHandle MAXRSS = field(LAYOUT, "ru_maxrss");
    private static final VarHandle MINFLT = field(LAYOUT, "ru_minflt");
    private static final VarHandle MAJFLT = field(LAYOUT, "ru_majflt");
    private static final VarHandle INBLOCK = field(LAYOUT, "ru_inblock");
    private static final VarHandle OUBLOCK = field(LAYOUT, "ru_oublock");
    private static final VarHandle NVCSW = field(LAYOUT, "ru_nvcsw");
    private static final VarHandle NIVCSW = field(LAYOUT, "ru_nivcsw");

    /** A zeroed rusage. */
    public Rusage(SegmentAllocator allocator) { super(allocator, LAYOUT); }

    private Rusage(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of existing memory. */
    public static Rusage wrap(MemorySegment segment) { return new Rusage(segment); }

    /** User CPU time (a view into this struct). */
    public Timeval utime() { return Timeval.wrap(segment().asSlice(UTIME, Timeval.LAYOUT.byteSize())); }
    /** System CPU time (a view into this struct). */
    public Timeval stime() { return Timeval.wrap(segment().asSlice(STIME, Timeval.LAYOUT.byteSize())); }
    /** Maximum resident set size in KiB. */
    public long maxrss() { return (long) MAXRSS.get(segment(), 0L); }
    public long minflt() { return (long) MINFLT.get(segment(), 0L); }
    public long majflt() { return (long) MAJFLT.get(segment(), 0L); }
    public long inblock() { return (long) INBLOCK.get(segment(), 0L); }
    public long oublock() { return (long) OUBLOCK.get(segment(), 0L); }
    public long nvcsw() { return (long) NVCSW.get(segment(), 0L); }
    public long nivcsw() { return (long) NIVCSW.get(segment(), 0L); }
}
