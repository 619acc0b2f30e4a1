package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * {@code struct msghdr}: sendmsg/recvmsg (and, inside an {@link Mmsghdr}, sendmmsg/recvmmsg). Every
 * pointer must point at native memory that outlives the call.
 */
public final class Msghdr extends Struct {
    /*
     * struct msghdr {
     *     void         *msg_name;        // optional address
     *     socklen_t     msg_namelen;     // its size
     *     struct iovec *msg_iov;         // scatter/gather array
     *     size_t        msg_iovlen;      // number of elements in msg_iov
     *     void         *msg_control;     // ancillary data, a sequence of cmsghdr
     *     size_t        msg_controllen;  // its length
     *     int           msg_flags;       // flags on the received message (MSG_TRUNC, MSG_CTRUNC, ...)
     * };
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4)).withName("msghdr");

    private static final VarHandle NAME = field(LAYOUT, "msg_name");
    private static final VarHandle NAMELEN = field(LAYOUT, "msg_namelen");
    private static final VarHandle IOV = field(LAYOUT, "msg_iov");
    private static final VarHandle IOVLEN = field(LAYOUT, "msg_iovlen");
    private static final VarHandle CONTROL = field(LAYOUT, "msg_control");
    private static final VarHandle CONTROLLEN = field(LAYOUT, "msg_controllen");
    private static final VarHandle FLAGS = field(LAYOUT, "msg_flags");

    /** A zeroed msghdr. */
    public Msghdr(SegmentAllocator allocator) { super(allocator, LAYOUT); }

    private Msghdr(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of existing memory. */
    public static Msghdr wrap(MemorySegment segment) { return new Msghdr(segment); }

    public MemorySegment name() { return (MemorySegment) NAME.get(segment(), 0L); }
    public int namelen() { return (int) NAMELEN.get(segment(), 0L); }
    public MemorySegment iov() { return (MemorySegment) IOV.get(segment(), 0L); }
    public long iovlen() { return (long) IOVLEN.get(segment(), 0L); }
    public MemorySegment control() { return (MemorySegment) CONTROL.get(segment(), 0L); }
    public long controllen() { return (long) CONTROLLEN.get(segment(), 0L); }
    public int flags() { return (int) FLAGS.get(segment(), 0L); }

    public Msghdr name(MemorySegment v) { NAME.set(segment(), 0L, v); return this; }
    public Msghdr namelen(int v) { NAMELEN.set(segment(), 0L, v); return this; }
    public Msghdr iov(MemorySegment v) { IOV.set(segment(), 0L, v); return this; }
    public Msghdr iovlen(long v) { IOVLEN.set(segment(), 0L, v); return this; }
    public Msghdr control(MemorySegment v) { CONTROL.set(segment(), 0L, v); return this; }
    public Msghdr controllen(long v) { CONTROLLEN.set(segment(), 0L, v); return this; }
    public Msghdr flags(int v) { FLAGS.set(segment(), 0L, v); return this; }

    /** Sets msg_name and msg_namelen to the address (a {@link SockaddrAny} to receive one). */
    public Msghdr name(Sockaddr sa) { return name(sa.segment()).namelen(sa.socklen()); }

    /** Sets msg_iov and msg_iovlen to the whole array. */
    public Msghdr iov(StructArray<Iovec> iov) { return iov(iov.segment()).iovlen(iov.size()); }

    /** Sets msg_control and msg_controllen to the whole buffer (see {@link Cmsghdr}). */
    public Msghdr controlBuffer(MemorySegment buffer) {
        if (!buffer.isNative()) throw new IllegalArgumentException("msghdr: control buffer must be native memory");
        return control(buffer).controllen(buffer.byteSize());
    }
}
