package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

/**
 * {@code struct sockaddr_in6}: an IPv6 address, port, flow label and scope. Port and flow info are in
 * network byte order in memory, the scope id in host order (as the kernel has them).
 */
public final class SockaddrIn6 extends Struct implements Sockaddr {
    /*
     * netinet/in.h:
     * struct sockaddr_in6 {
     *     sa_family_t     sin6_family;    // AF_INET6
     *     in_port_t       sin6_port;      // network byte order
     *     uint32_t        sin6_flowinfo;  // network byte order
     *     struct in6_addr sin6_addr;      // 16 bytes, network byte order
     *     uint32_t        sin6_scope_id;  // interface index, host order
     * };
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin6_family"),
            JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN).withName("sin6_port"),
            JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN).withName("sin6_flowinfo"),
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"),
            JAVA_INT.withName("sin6_scope_id")).withName("sockaddr_in6");

    private static final VarHandle FAMILY = field(LAYOUT, "sin6_family");
    private static final VarHandle PORT = field(LAYOUT, "sin6_port");
    private static final VarHandle FLOWINFO = field(LAYOUT, "sin6_flowinfo");
    private static final long ADDR = offset(LAYOUT, "sin6_addr");
    private static final VarHandle SCOPE_ID = field(LAYOUT, "sin6_scope_id");

    /** A zeroed sockaddr_in6 with sin6_family AF_INET6: [::] port 0. */
    public SockaddrIn6(SegmentAllocator allocator) {
        super(allocator, LAYOUT);
        FAMILY.set(segment(), 0L, (short) ZConstants.AF_INET6);
    }

    private SockaddrIn6(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of existing memory. */
    public static SockaddrIn6 wrap(MemorySegment segment) { return new SockaddrIn6(segment); }

    /** {@code [addr]:port}, with the address's scope id. */
    public static SockaddrIn6 of(SegmentAllocator allocator, Inet6Address addr, int port) {
        return new SockaddrIn6(allocator).addr(addr).port(port);
    }

    @Override public int family() { return Short.toUnsignedInt((short) FAMILY.get(segment(), 0L)); }
    @Override public int socklen() { return (int) LAYOUT.byteSize(); }

    /** The port in host order. */
    public int port() { return Short.toUnsignedInt((short) PORT.get(segment(), 0L)); }

    public SockaddrIn6 port(int port) {
        if (port < 0 || port > 0xffff) throw new IllegalArgumentException("port out of range: " + port);
        PORT.set(segment(), 0L, (short) port);
        return this;
    }

    /** The flow information in host order. */
    public int flowinfo() { return (int) FLOWINFO.get(segment(), 0L); }
    public SockaddrIn6 flowinfo(int v) { FLOWINFO.set(segment(), 0L, v); return this; }
    public int scopeId() { return (int) SCOPE_ID.get(segment(), 0L); }
    public SockaddrIn6 scopeId(int v) { SCOPE_ID.set(segment(), 0L, v); return this; }

    /** The 16 address bytes, network order. */
    public byte[] addrBytes() { return segment().asSlice(ADDR, 16).toArray(JAVA_BYTE); }

    /** The address (with its scope id, when non-zero). A v4-mapped address comes back as an Inet4Address. */
    public InetAddress addr() {
        try {
            int scope = scopeId();
            return scope == 0 ? InetAddress.getByAddress(addrBytes())
                    : Inet6Address.getByAddress(null, addrBytes(), scope);
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // 16 bytes are always an address
        }
    }

    /** Sets the 16 address bytes and the scope id. */
    public SockaddrIn6 addr(Inet6Address addr) {
        MemorySegment.copy(addr.getAddress(), 0, segment(), JAVA_BYTE, ADDR, 16);
        return scopeId(addr.getScopeId());
    }

    @Override
    public InetSocketAddress toSocketAddress() { return new InetSocketAddress(addr(), port()); }

    @Override
    public String toString() { return "sockaddr_in6{[" + addr().getHostAddress() + "]:" + port() + "}"; }
}
