package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * {@code struct flock}: fcntl's record locks (F_GETLK, F_SETLK, F_SETLKW and the open file
 * description locks F_OFD_*, which need {@code pid} 0). Go's {@code Flock_t}.
 */
public final class Flock extends Struct {
    /*
     * struct flock {
     *     short l_type;     // F_RDLCK, F_WRLCK, F_UNLCK
     *     short l_whence;   // SEEK_SET, SEEK_CUR, SEEK_END
     *     off_t l_start;    // first byte
     *     off_t l_len;      // number of bytes; 0: to the end of the file, however long it grows
     *     pid_t l_pid;      // F_GETLK: the holder; F_OFD_*: must be 0
     * };
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("l_type"),
            JAVA_SHORT.withName("l_whence"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("l_start"),
            JAVA_LONG.withName("l_len"),
            JAVA_INT.withName("l_pid"),
            MemoryLayout.paddingLayout(4)).withName("flock");

    private static final VarHandle TYPE = field(LAYOUT, "l_type");
    private static final VarHandle WHENCE = field(LAYOUT, "l_whence");
    private static final VarHandle START = field(LAYOUT, "l_start");
    private static final VarHandle LEN = field(LAYOUT, "l_len");
    private static final VarHandle PID = field(LAYOUT, "l_pid");

    /** A zeroed flock. */
    public Flock(SegmentAllocator allocator) { super(allocator, LAYOUT); }

    private Flock(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of existing memory. */
    public static Flock wrap(MemorySegment segment) { return new Flock(segment); }

    public int type() { return (short) TYPE.get(segment(), 0L); }
    public int whence() { return (short) WHENCE.get(segment(), 0L); }
    public long start() { return (long) START.get(segment(), 0L); }
    public long len() { return (long) LEN.get(segment(), 0L); }
    public int pid() { return (int) PID.get(segment(), 0L); }
    public Flock type(int v) { TYPE.set(segment(), 0L, (short) v); return this; }
    public Flock whence(int v) { WHENCE.set(segment(), 0L, (short) v); return this; }
    public Flock start(long v) { START.set(segment(), 0L, v); return this; }
    public Flock len(long v) { LEN.set(segment(), 0L, v); return this; }
    public Flock pid(int v) { PID.set(segment(), 0L, v); return this; }
}
