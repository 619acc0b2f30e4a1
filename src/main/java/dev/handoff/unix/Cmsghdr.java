package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * {@code struct cmsghdr}: one control message in a msghdr's control buffer. The static methods are
 * the CMSG_* macros ({@link #cmsgSpace}, {@link #cmsgLen}); {@link #messages} walks a received buffer
 * (CMSG_FIRSTHDR/CMSG_NXTHDR); {@link #rights} builds an SCM_RIGHTS message and {@link #fds()} reads one.
 */
public final class Cmsghdr extends Struct {
    private static final int SOL_SOCKET = ZConstants.SOL_SOCKET;
    private static final int SCM_RIGHTS = ZConstants.SCM_RIGHTS;

    /*
     * struct cmsghdr {
     *     size_t cmsg_len;     // header + data, CMSG_LEN(data length); not including trailing padding
     *     int    cmsg_level;   // originating protocol: SOL_SOCKET, IPPROTO_IP, ...
     *     int    cmsg_type;    // protocol-specific type: SCM_RIGHTS, ...
     *     // unsigned char __cmsg_data[];   at CMSG_ALIGN(sizeof(struct cmsghdr)) = 16
     * };
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("cmsg_len"),
            JAVA_INT.withName("cmsg_level"),
            JAVA_INT.withName("cmsg_type")).withName("cmsghdr");

    private static final VarHandle LEN = field(LAYOUT, "cmsg_len");
    private static final VarHandle LEVEL = field(LAYOUT, "cmsg_level");
    private static final VarHandle TYPE = field(LAYOUT, "cmsg_type");
    private static final long HEADER = LAYOUT.byteSize();

    /** A zeroed header (for a message whose data follows it in the same buffer). */
    public Cmsghdr(SegmentAllocator allocator) { super(allocator, LAYOUT); }

    private Cmsghdr(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of a message at the start of {@code segment} (which may extend past it). */
    public static Cmsghdr wrap(MemorySegment segment) { return new Cmsghdr(segment); }

    /** CMSG_ALIGN: rounds up to the alignment of size_t. */
    public static long cmsgAlign(long n) { return (n + 7) & ~7L; }

    /** CMSG_SPACE: the buffer bytes one message with {@code dataLength} bytes of data takes. */
    public static long cmsgSpace(long dataLength) { return cmsgAlign(HEADER) + cmsgAlign(dataLength); }

    /** CMSG_LEN: the cmsg_len of a message with {@code dataLength} bytes of data. */
    public static long cmsgLen(long dataLength) { return cmsgAlign(HEADER) + dataLength; }

    public long len() { return (long) LEN.get(segment(), 0L); }
    public int level() { return (int) LEVEL.get(segment(), 0L); }
    public int type() { return (int) TYPE.get(segment(), 0L); }
    public Cmsghdr len(long v) { LEN.set(segment(), 0L, v); return this; }
    public Cmsghdr level(int v) { LEVEL.set(segment(), 0L, v); return this; }
    public Cmsghdr type(int v) { TYPE.set(segment(), 0L, v); return this; }

    /** The data: {@code len() - 16} bytes after the header (CMSG_DATA), within this view's segment. */
    public MemorySegment data() {
        long n = len() - HEADER;
        if (n < 0 || HEADER + n > segment().byteSize()) {
            throw new IllegalStateException("cmsg_len " + len() + " does not fit in " + segment().byteSize() + " bytes");
        }
        return segment().asSlice(HEADER, n);
    }

    /** The file descriptors of an SCM_RIGHTS message. */
    public int[] fds() {
        if (level() != SOL_SOCKET || type() != SCM_RIGHTS) {
            throw new IllegalStateException("not SCM_RIGHTS: level " + level() + " type " + type());
        }
        return data().toArray(JAVA_INT);
    }

    /** A control buffer holding one SCM_RIGHTS message carrying {@code fds}: pass it to sendmsg. */
    public static MemorySegment rights(SegmentAllocator allocator, int... fds) {
        long data = (long) fds.length * Integer.BYTES;
        MemorySegment buf = allocator.allocate(cmsgSpace(data), 8).fill((byte) 0);
        new Cmsghdr(buf).len(cmsgLen(data)).level(SOL_SOCKET).type(SCM_RIGHTS);
        MemorySegment.copy(fds, 0, buf, JAVA_INT, HEADER, fds.length);
        return buf;
    }

    /**
     * The messages in the first {@code controllen} bytes of a control buffer (msg_controllen after
     * recvmsg), each a view of its own bytes. The buffer must be native and 8-aligned, as a control
     * buffer is. A message whose cmsg_len is too short or runs past the buffer ends the walk with an
     * IllegalStateException.
     */
    public static Iterable<Cmsghdr> messages(MemorySegment control, long controllen) {
        check(control, controllen, LAYOUT.byteAlignment(), "control buffer");
        MemorySegment buf = control.asSlice(0, controllen);
        return () -> new Iterator<>() {
            private long off;

            @Override public boolean hasNext() { return off + HEADER <= buf.byteSize(); }

            @Override public Cmsghdr next() {
                if (!hasNext()) throw new NoSuchElementException();
                long len = buf.get(JAVA_LONG, off);
                if (len < HEADER || off + len > buf.byteSize()) {
                    throw new IllegalStateException("cmsg_len " + len + " at offset " + off + " of " + buf.byteSize());
                }
                Cmsghdr c = new Cmsghdr(buf.asSlice(off, len));
                off += cmsgAlign(len);
                return c;
            }
        };
    }
}
