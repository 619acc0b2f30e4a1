package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * {@code struct sockaddr_un}: a Unix domain socket path. As in Go, a path starting with {@code '@'} is
 * an abstract address (written with a leading NUL and no trailing NUL); the empty path is an unnamed
 * socket. A path of more than {@link #MAX_PATH} UTF-8 bytes, or with a NUL, is an
 * IllegalArgumentException, before anything is written.
 */
public final class SockaddrUn extends Struct implements Sockaddr {
    /** Bytes in sun_path. */
    public static final int PATH_LENGTH = 108;
    /** The longest path: sun_path less the terminating NUL. */
    public static final int MAX_PATH = PATH_LENGTH - 1;

    /*
     * sys/un.h:
     * struct sockaddr_un {
     *     sa_family_t sun_family;   // AF_UNIX
     *     char        sun_path[108];
     * };
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sun_family"),
            MemoryLayout.sequenceLayout(PATH_LENGTH, JAVA_BYTE).withName("sun_path")).withName("sockaddr_un");

    private static final VarHandle FAMILY = field(LAYOUT, "sun_family");
    private static final long PATH = offset(LAYOUT, "sun_path");

    /** A zeroed sockaddr_un with sun_family AF_UNIX: an unnamed address. */
    public SockaddrUn(SegmentAllocator allocator) {
        super(allocator, LAYOUT);
        FAMILY.set(segment(), 0L, (short) ZConstants.AF_UNIX);
    }

    private SockaddrUn(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of existing memory. */
    public static SockaddrUn wrap(MemorySegment segment) { return new SockaddrUn(segment); }

    /** An address for {@code path} ({@code "@name"} for an abstract one). */
    public static SockaddrUn of(SegmentAllocator allocator, String path) {
        checkPath(path); // before allocating
        return new SockaddrUn(allocator).path(path);
    }

    @Override public int family() { return Short.toUnsignedInt((short) FAMILY.get(segment(), 0L)); }

    /**
     * The path; {@code "@name"} for an abstract address, "" for an unnamed one. Like Go, this reads
     * up to the first NUL (after the leading one of an abstract address).
     */
    public String path() {
        if (segment().get(JAVA_BYTE, PATH) != 0) return getString(segment(), PATH, PATH_LENGTH);
        String rest = getString(segment(), PATH + 1, PATH_LENGTH - 1);
        return rest.isEmpty() ? "" : "@" + rest;
    }

    /** Sets the path (and sun_family AF_UNIX). */
    public SockaddrUn path(String path) {
        byte[] b = checkPath(path);
        segment().asSlice(PATH, PATH_LENGTH).fill((byte) 0);
        MemorySegment.copy(b, 0, segment(), JAVA_BYTE, PATH, b.length);
        if (b.length > 0 && b[0] == '@') segment().set(JAVA_BYTE, PATH, (byte) 0);
        FAMILY.set(segment(), 0L, (short) ZConstants.AF_UNIX);
        return this;
    }

    private static byte[] checkPath(String path) {
        byte[] b = bytes(path, "sun_path");
        if (b.length > MAX_PATH) {
            throw new IllegalArgumentException("sun_path: " + b.length + " bytes, at most " + MAX_PATH + ": " + path);
        }
        return b;
    }

    /**
     * The address length to pass with it: sun_family plus the path and its NUL; for an abstract
     * address without a trailing NUL; only sun_family for an unnamed one.
     */
    @Override
    public int socklen() {
        int base = (int) PATH;
        if (segment().get(JAVA_BYTE, PATH) != 0) return base + strlen(PATH, PATH_LENGTH) + 1;
        int rest = strlen(PATH + 1, PATH_LENGTH - 1);
        return rest == 0 ? base : base + 1 + rest;
    }

    private int strlen(long offset, int max) {
        int n = 0;
        while (n < max && segment().get(JAVA_BYTE, offset + n) != 0) n++;
        return n;
    }

    /** The path as a UnixDomainSocketAddress (an abstract address keeps its '@'). */
    @Override
    public SocketAddress toSocketAddress() { return UnixDomainSocketAddress.of(path()); }

    @Override
    public String toString() { return "sockaddr_un{" + path() + "}"; }
}
