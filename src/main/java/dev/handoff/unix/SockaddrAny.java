package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;
import java.net.SocketAddress;

/**
 * {@code struct sockaddr_storage}: room for any socket address, for the calls that return one
 * (accept4, recvfrom, recvmsg, getsockname, getpeername): pass {@link #address()} and a socklen_t
 * holding {@link #socklen()}, then look at {@link #family()} and view it as the concrete type.
 */
public final class SockaddrAny extends Struct implements Sockaddr {
    /*
     * bits/socket.h:
     * struct sockaddr_storage {
     *     sa_family_t   ss_family;
     *     char          __ss_padding[128 - sizeof(sa_family_t) - sizeof(unsigned long)];
     *     unsigned long __ss_align;   // forces 8-byte alignment
     * };
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("ss_family"),
            MemoryLayout.paddingLayout(126)).withByteAlignment(8).withName("sockaddr_storage");

    private static final VarHandle FAMILY = field(LAYOUT, "ss_family");

    /** A zeroed sockaddr_storage. */
    public SockaddrAny(SegmentAllocator allocator) { super(allocator, LAYOUT); }

    private SockaddrAny(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of existing memory. */
    public static SockaddrAny wrap(MemorySegment segment) { return new SockaddrAny(segment); }

    @Override public int family() { return Short.toUnsignedInt((short) FAMILY.get(segment(), 0L)); }

    /** The whole buffer, 128: what the kernel may fill. */
    @Override public int socklen() { return (int) LAYOUT.byteSize(); }

    /** The address as its concrete type, a view of the same memory. */
    public Sockaddr view() {
        return switch (family()) {
            case ZConstants.AF_INET -> SockaddrIn.wrap(segment());
            case ZConstants.AF_INET6 -> SockaddrIn6.wrap(segment());
            case ZConstants.AF_UNIX -> SockaddrUn.wrap(segment());
            default -> throw new IllegalStateException("unsupported address family " + family());
        };
    }

    @Override
    public SocketAddress toSocketAddress() { return view().toSocketAddress(); }

    @Override
    public String toString() { return "sockaddr_storage{family=" + family() + "}"; }
}
