package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

/**
 * {@code struct sockaddr_in}: an IPv4 address and port. Port and address are in network byte order
 * in memory (the layout says so: big-endian fields); the accessors take and return host values.
 */
public final class SockaddrIn extends Struct implements Sockaddr {
    /*
     * netinet/in.h:
     * struct sockaddr_in {
     *     sa_family_t    sin_family;   // AF_INET
     *     in_port_t      sin_port;     // port, network byte order
     *     struct in_addr sin_addr;     // { uint32_t s_addr; } network byte order
     *     unsigned char  sin_zero[8];
     * };
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin_family"),
            JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN).withName("sin_port"),
            JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN).withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero")).withName("sockaddr_in");

    private static final VarHandle FAMILY = field(LAYOUT, "sin_family");
    private static final VarHandle PORT = field(LAYOUT, "sin_port");
    private static final VarHandle ADDR = field(LAYOUT, "sin_addr");

    /** A zeroed sockaddr_in with sin_family AF_INET: 0.0.0.0 port 0. */
    public SockaddrIn(SegmentAllocator allocator) {
        super(allocator, LAYOUT);
        FAMILY.set(segment(), 0L, (short) ZConstants.AF_INET);
    }

    private SockaddrIn(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of existing memory. */
    public static SockaddrIn wrap(MemorySegment segment) { return new SockaddrIn(segment); }

    /** {@code addr:port}. */
    public static SockaddrIn of(SegmentAllocator allocator, Inet4Address addr, int port) {
        return new SockaddrIn(allocator).addr(addr).port(port);
    }

    @Override public int family() { return Short.toUnsignedInt((short) FAMILY.get(segment(), 0L)); }
    @Override public int socklen() { return (int) LAYOUT.byteSize(); }

    /** The port in host order, [0, 65535]. */
    public int port() { return Short.toUnsignedInt((short) PORT.get(segment(), 0L)); }

    public SockaddrIn port(int port) {
        if (port < 0 || port > 0xffff) throw new IllegalArgumentException("port out of range: " + port);
        PORT.set(segment(), 0L, (short) port);
        return this;
    }

    /** The address as a host int: 127.0.0.1 is 0x7f000001. */
    public int addrBits() { return (int) ADDR.get(segment(), 0L); }

    public SockaddrIn addrBits(int v) { ADDR.set(segment(), 0L, v); return this; }

    public Inet4Address addr() {
        int a = addrBits();
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {
                    (byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a});
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // four bytes are always an address
        }
    }

    public SockaddrIn addr(Inet4Address addr) {
        byte[] b = addr.getAddress();
        return addrBits((b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff));
    }

    @Override
    public InetSocketAddress toSocketAddress() { return new InetSocketAddress(addr(), port()); }

    @Override
    public String toString() { return "sockaddr_in{" + addr().getHostAddress() + ":" + port() + "}"; }
}
