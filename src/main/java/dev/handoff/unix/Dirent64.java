package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * {@code struct linux_dirent64}: one record of a getdents64 buffer. Records have variable length
 * (d_reclen, a multiple of 8 including the name, its NUL and padding): walk a buffer with
 * {@link #records(MemorySegment, long)}. {@code LAYOUT.byteSize()} is the fixed part rounded up, as
 * C's sizeof: 24.
 */
public final class Dirent64 extends Struct {
    /*
     * No userspace header has it; the kernel's include/linux/dirent.h:
     * struct linux_dirent64 {
     *     u64            d_ino;      // inode number
     *     s64            d_off;      // opaque offset of the next record (for lseek)
     *     unsigned short d_reclen;   // length of this record
     *     unsigned char  d_type;     // DT_REG, DT_DIR, DT_LNK, ... DT_UNKNOWN
     *     char           d_name[];   // NUL-terminated name
     * };
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("d_ino"),
            JAVA_LONG.withName("d_off"),
            JAVA_SHORT.withName("d_reclen"),
            JAVA_BYTE.withName("d_type"),
            MemoryLayout.sequenceLayout(0, JAVA_BYTE).withName("d_name"),
            MemoryLayout.paddingLayout(5)).withName("linux_dirent64");

    private static final VarHandle INO = field(LAYOUT, "d_ino");
    private static final VarHandle OFF = field(LAYOUT, "d_off");
    private static final VarHandle RECLEN = field(LAYOUT, "d_reclen");
    private static final VarHandle TYPE = field(LAYOUT, "d_type");
    private static final long NAME = offset(LAYOUT, "d_name");
    private static final long RECLEN_OFFSET = offset(LAYOUT, "d_reclen");

    /** A zeroed fixed part (24 bytes, no name): for tests and for building records; the kernel's come from {@link #records}. */
    public Dirent64(SegmentAllocator allocator) { super(allocator, LAYOUT); }

    private Dirent64(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of the record at the start of {@code segment} (which should span its d_reclen bytes). */
    public static Dirent64 wrap(MemorySegment segment) { return new Dirent64(segment); }

    public long ino() { return (long) INO.get(segment(), 0L); }
    public long off() { return (long) OFF.get(segment(), 0L); }
    public int reclen() { return Short.toUnsignedInt((short) RECLEN.get(segment(), 0L)); }
    /** DT_* file type (DT_UNKNOWN when the filesystem does not say). */
    public int type() { return Byte.toUnsignedInt((byte) TYPE.get(segment(), 0L)); }

    /** The entry's name (UTF-8 decoded; "." and ".." included, as the kernel returns them). */
    public String name() {
        long max = Math.min(reclen(), segment().byteSize()) - NAME;
        return getString(segment(), NAME, Math.max(0, max));
    }

    /**
     * The records in the first {@code n} bytes of a getdents64 buffer ({@code n} is the call's
     * result). The buffer must be 8-aligned, as the kernel aligns records. A record whose d_reclen
     * is shorter than the fixed part (24: the kernel's shortest record, for "."), is not a multiple
     * of 8, or runs past {@code n} ends the walk with an IllegalStateException: a corrupt buffer
     * never loops.
     */
    public static Iterable<Dirent64> records(MemorySegment buffer, long n) {
        check(buffer, n, LAYOUT.byteAlignment(), "getdents64 buffer");
        MemorySegment buf = buffer.asSlice(0, n);
        return () -> new Iterator<>() {
            private long off;

            @Override public boolean hasNext() { return off < buf.byteSize(); }

            @Override public Dirent64 next() {
                if (!hasNext()) throw new NoSuchElementException();
                if (off + RECLEN_OFFSET + 2 > buf.byteSize()) {
                    throw new IllegalStateException("truncated linux_dirent64 at offset " + off + " of " + buf.byteSize());
                }
                int reclen = Short.toUnsignedInt(buf.get(JAVA_SHORT, off + RECLEN_OFFSET));
                if (reclen < LAYOUT.byteSize() || reclen % 8 != 0 || off + reclen > buf.byteSize()) {
                    throw new IllegalStateException("d_reclen " + reclen + " at offset " + off + " of " + buf.byteSize());
                }
                Dirent64 d = new Dirent64(buf.asSlice(off, reclen));
                off += reclen;
                return d;
            }
        };
    }
}
