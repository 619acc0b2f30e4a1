package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * {@code struct inotify_event}: one event read from an inotify fd. Events have variable length
 * (16 + len, the name NUL-padded): walk a read buffer with {@link #events(MemorySegment, long)}.
 */
public final class InotifyEvent extends Struct {
    /*
     * sys/inotify.h:
     * struct inotify_event {
     *     int      wd;       // watch descriptor
     *     uint32_t mask;     // IN_* event bits
     *     uint32_t cookie;   // ties IN_MOVED_FROM to IN_MOVED_TO
     *     uint32_t len;      // length of name, including NUL padding
     *     char     name[];   // name of the file within a watched directory, NUL-terminated
     * };
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("wd"),
            JAVA_INT.withName("mask"),
            JAVA_INT.withName("cookie"),
            JAVA_INT.withName("len"),
            MemoryLayout.sequenceLayout(0, JAVA_BYTE).withName("name")).withName("inotify_event");

    private static final VarHandle WD = field(LAYOUT, "wd");
    private static final VarHandle MASK = field(LAYOUT, "mask");
    private static final VarHandle COOKIE = field(LAYOUT, "cookie");
    private static final VarHandle LEN = field(LAYOUT, "len");
    private static final long NAME = offset(LAYOUT, "name");
    private static final long LEN_OFFSET = offset(LAYOUT, "len");

    /** A zeroed fixed part (16 bytes, no name); the kernel's events come from {@link #events}. */
    public InotifyEvent(SegmentAllocator allocator) { super(allocator, LAYOUT); }

    private InotifyEvent(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of the event at the start of {@code segment} (which should span its 16 + len bytes). */
    public static InotifyEvent wrap(MemorySegment segment) { return new InotifyEvent(segment); }

    public int wd() { return (int) WD.get(segment(), 0L); }
    /** IN_* bits: IN_CREATE, IN_MODIFY, IN_ISDIR, IN_Q_OVERFLOW, ... */
    public int mask() { return (int) MASK.get(segment(), 0L); }
    public int cookie() { return (int) COOKIE.get(segment(), 0L); }
    /** Bytes of name, including its NUL padding; 0 when the event is about the watched object itself. */
    public int len() { return (int) LEN.get(segment(), 0L); }

    /** The file name within the watched directory, or "" when there is none. */
    public String name() {
        long max = Math.min(Integer.toUnsignedLong(len()), segment().byteSize() - NAME);
        return getString(segment(), NAME, max);
    }

    /**
     * The events in the first {@code n} bytes of a buffer read from an inotify fd ({@code n} is
     * read's result). The buffer must be 4-aligned. An event that runs past {@code n}, or whose len
     * would misalign the next one (the kernel pads names to a multiple of 16), ends the walk with an
     * IllegalStateException.
     */
    public static Iterable<InotifyEvent> events(MemorySegment buffer, long n) {
        check(buffer, n, LAYOUT.byteAlignment(), "inotify buffer");
        MemorySegment buf = buffer.asSlice(0, n);
        return () -> new Iterator<>() {
            private long off;

            @Override public boolean hasNext() { return off < buf.byteSize(); }

            @Override public InotifyEvent next() {
                if (!hasNext()) throw new NoSuchElementException();
                if (off + LAYOUT.byteSize() > buf.byteSize()) {
                    throw new IllegalStateException("truncated inotify_event at offset " + off + " of " + buf.byteSize());
                }
                long size = LAYOUT.byteSize() + Integer.toUnsignedLong(buf.get(JAVA_INT, off + LEN_OFFSET));
                if (size % 4 != 0 || off + size > buf.byteSize()) {
                    throw new IllegalStateException("inotify_event len " + (size - LAYOUT.byteSize()) + " at offset "
                            + off + " of " + buf.byteSize());
                }
                InotifyEvent e = new InotifyEvent(buf.asSlice(off, size));
                off += size;
                return e;
            }
        };
    }
}
