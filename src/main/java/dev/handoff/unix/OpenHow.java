package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct open_how}: openat2's arguments (pass its size, {@code LAYOUT.byteSize()}, with it). */
public final class OpenHow extends Struct {
    /*
     * linux/openat2.h:
     * struct open_how {
     *     __u64 flags;     // O_* flags
     *     __u64 mode;      // file mode for O_CREAT/O_TMPFILE, else 0
     *     __u64 resolve;   // RESOLVE_* flags
     * };
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("flags"),
            JAVA_LONG.withName("mode"),
            JAVA_LONG.withName("resolve")).withName("open_how");

    private static final VarHandle FLAGS = field(LAYOUT, "flags");
    private static final VarHandle MODE = field(LAYOUT, "mode");
    private static final VarHandle RESOLVE = field(LAYOUT, "resolve");

    /** A zeroed open_how. */
    public OpenHow(SegmentAllocator allocator) { super(allocator, LAYOUT); }

    private OpenHow(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of existing memory. */
    public static OpenHow wrap(MemorySegment segment) { return new OpenHow(segment); }

    public long flags() { return (long) FLAGS.get(segment(), 0L); }
    public long mode() { return (long) MODE.get(segment(), 0L); }
    public long resolve() { return (long) RESOLVE.get(segment(), 0L); }
    /** O_* flags (an int O_* widens unchanged: no O_* flag uses bit 31). */
    public OpenHow flags(long v) { FLAGS.set(segment(), 0L, v); return this; }
    public OpenHow mode(long v) { MODE.set(segment(), 0L, v); return this; }
    public OpenHow resolve(long v) { RESOLVE.set(segment(), 0L, v); return this; }
}
