package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * {@code struct iovec}: one buffer of readv/writev/preadv/pwritev/vmsplice and of a msghdr
 * ({@link #array(SegmentAllocator, int)} for the array). The buffer must be native memory.
 */
public final class Iovec extends Struct {
    /*
     * struct iovec {
     *     void  *iov_base;   // start of the buffer
     *     size_t iov_len;    // its length in bytes
     * };
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ADDRESS.withName("iov_base"),
            JAVA_LONG.withName("iov_len")).withName("iovec");

    private static final VarHandle BASE = field(LAYOUT, "iov_base");
    private static final VarHandle LEN = field(LAYOUT, "iov_len");

    /** A zeroed iovec. */
    public Iovec(SegmentAllocator allocator) { super(allocator, LAYOUT); }

    private Iovec(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of existing memory. */
    public static Iovec wrap(MemorySegment segment) { return new Iovec(segment); }

    /** A zeroed array of {@code n} iovecs. */
    public static StructArray<Iovec> array(SegmentAllocator allocator, int n) {
        return StructArray.allocate(allocator, LAYOUT, n, Iovec::new);
    }

    /** A view of existing memory as an array. */
    public static StructArray<Iovec> array(MemorySegment segment) {
        return new StructArray<>(segment, LAYOUT, Iovec::new);
    }

    /** The buffer's address, as a zero-length segment. */
    public MemorySegment base() { return (MemorySegment) BASE.get(segment(), 0L); }
    public long len() { return (long) LEN.get(segment(), 0L); }
    public Iovec base(MemorySegment v) { BASE.set(segment(), 0L, v); return this; }
    public Iovec len(long v) { LEN.set(segment(), 0L, v); return this; }

    /** Points this iovec at all of {@code buffer}, which must be native memory. */
    public Iovec set(MemorySegment buffer) {
        if (!buffer.isNative()) throw new IllegalArgumentException("iovec: buffer must be native memory");
        return base(buffer).len(buffer.byteSize());
    }
}
