package dev.handoff.unix;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Objects;

/**
 * A socket address in native memory, ready for bind, connect, sendto and sendmsg: pass
 * {@link #address()} and {@link #socklen()}. For accept, recvfrom, getsockname and getpeername, pass a
 * {@link SockaddrAny} (big enough for every family) and read it back with
 * {@link SockaddrAny#toSocketAddress()}.
 */
public sealed interface Sockaddr permits SockaddrIn, SockaddrIn6, SockaddrUn, SockaddrAny {
    /** The memory holding the address. */
    MemorySegment segment();

    /** Its native address: the {@code struct sockaddr *} argument. */
    long address();

    /** The length to pass with it (the socklen_t argument). */
    int socklen();

    /** The address family in the struct ({@code AF_INET}, {@code AF_INET6}, {@code AF_UNIX}; 0 when unset). */
    int family();

    /** The address as a Java socket address (InetSocketAddress or UnixDomainSocketAddress). */
    SocketAddress toSocketAddress();

    /**
     * A native copy of a Java socket address: an InetSocketAddress (resolved) becomes a
     * {@link SockaddrIn} or {@link SockaddrIn6}, a UnixDomainSocketAddress a {@link SockaddrUn}. The
     * family follows the address: Java returns a v4-mapped IPv6 address (::ffff:a.b.c.d) as an
     * Inet4Address, so it becomes a sockaddr_in, which an AF_INET6 socket does not take.
     */
    static Sockaddr of(SegmentAllocator allocator, SocketAddress address) {
        Objects.requireNonNull(address, "address");
        if (address instanceof InetSocketAddress isa) {
            if (isa.isUnresolved()) throw new IllegalArgumentException("unresolved address " + isa);
            if (isa.getAddress() instanceof Inet4Address a4) return SockaddrIn.of(allocator, a4, isa.getPort());
            return SockaddrIn6.of(allocator, (Inet6Address) isa.getAddress(), isa.getPort());
        }
        if (address instanceof UnixDomainSocketAddress ua) return SockaddrUn.of(allocator, ua.getPath().toString());
        throw new IllegalArgumentException("unsupported socket address type " + address.getClass().getName());
    }
}
