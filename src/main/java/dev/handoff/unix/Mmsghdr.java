package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct mmsghdr}: one message of sendmmsg/recvmmsg ({@link #array(SegmentAllocator, int)}). */
public final class Mmsghdr extends Struct {
    /*
     * struct mmsghdr {
     *     struct msghdr msg_hdr;   // the message
     *     unsigned int  msg_len;   // bytes sent or received for it
     * };
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            Msghdr.LAYOUT.withName("msg_hdr"),
            JAVA_INT.withName("msg_len"),
            MemoryLayout.paddingLayout(4)).withName("mmsghdr");

    private static final long HDR = offset(LAYOUT, "msg_hdr");
    private static final VarHandle LEN = field(LAYOUT, "msg_len");

    /** A zeroed mmsghdr. */
    public Mmsghdr(SegmentAllocator allocator) { super(allocator, LAYOUT); }

    private Mmsghdr(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of existing memory. */
    public static Mmsghdr wrap(MemorySegment segment) { return new Mmsghdr(segment); }

    /** A zeroed array of {@code n} messages. */
    public static StructArray<Mmsghdr> array(SegmentAllocator allocator, int n) {
        return StructArray.allocate(allocator, LAYOUT, n, Mmsghdr::new);
    }

    /** A view of existing memory as an array. */
    public static StructArray<Mmsghdr> array(MemorySegment segment) {
        return new StructArray<>(segment, LAYOUT, Mmsghdr::new);
    }

    /** The message header (a view into this struct). */
    public Msghdr hdr() { return Msghdr.wrap(segment().asSlice(HDR, Msghdr.LAYOUT.byteSize())); }

    /** Bytes transferred for this message (unsigned). */
    public int len() { return (int) LEN.get(segment(), 0L); }
    public Mmsghdr len(int v) { LEN.set(segment(), 0L, v); return this; }
}
