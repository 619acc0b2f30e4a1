package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct statfs}: statfs and fstatfs. The same on amd64 and arm64 (120 bytes). */
public final class Statfs extends Struct {
    /*
     * struct statfs {
     *     __fsword_t   f_type;      // filesystem magic, e.g. TMPFS_MAGIC 0x01021994
     *     __fsword_t   f_bsize;     // optimal transfer block size
     *     fsblkcnt_t   f_blocks;    // total data blocks, in f_frsize units
     *     fsblkcnt_t   f_bfree;     // free blocks
     *     fsblkcnt_t   f_bavail;    // free blocks for unprivileged users
     *     fsfilcnt_t   f_files;     // total inodes
     *     fsfilcnt_t   f_ffree;     // free inodes
     *     fsid_t       f_fsid;      // struct { int __val[2]; }
     *     __fsword_t   f_namelen;   // maximum length of a file name
     *     __fsword_t   f_frsize;    // fragment size
     *     __fsword_t   f_flags;     // ST_* mount flags
     *     __fsword_t   f_spare[4];
     * };
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("f_type"),
            JAVA_LONG.withName("f_bsize"),
            JAVA_LONG.withName("f_blocks"),
            JAVA_LONG.withName("f_bfree"),
            JAVA_LONG.withName("f_bavail"),
            JAVA_LONG.withName("f_files"),
            JAVA_LONG.withName("f_ffree"),
            MemoryLayout.sequenceLayout(2, JAVA_INT).withName("f_fsid"),
            JAVA_LONG.withName("f_namelen"),
            JAVA_LONG.withName("f_frsize"),
            JAVA_LONG.withName("f_flags"),
            MemoryLayout.paddingLayout(4 * 8)).withName("statfs");

    private static final VarHandle TYPE = field(LAYOUT, "f_type");
    private static final VarHandle BSIZE = field(LAYOUT, "f_bsize");
    private static final VarHandle BLOCKS = field(LAYOUT, "f_blocks");
    private static final VarHandle BFREE = field(LAYOUT, "f_bfree");
    private static final VarHandle BAVAIL = field(LAYOUT, "f_bavail");
    private static final VarHandle FILES = field(LAYOUT, "f_files");
    private static final VarHandle FFREE = field(LAYOUT, "f_ffree");
    private static final long FSID = offset(LAYOUT, "f_fsid");
    private static final java.lang.foreign.ValueLayout.OfLong FSID_WORD = JAVA_LONG.withByteAlignment(4);
    private static final VarHandle NAMELEN = field(LAYOUT, "f_namelen");
    private static final VarHandle FRSIZE = field(LAYOUT, "f_frsize");
    private static final VarHandle FLAGS = field(LAYOUT, "f_flags");

    /** A zeroed statfs. */
    public Statfs(SegmentAllocator allocator) { super(allocator, LAYOUT); }

    private Statfs(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of existing memory. */
    public static Statfs wrap(MemorySegment segment) { return new Statfs(segment); }

    /** The filesystem's magic number (TMPFS_MAGIC, EXT4_SUPER_MAGIC, ...). */
    public long type() { return (long) TYPE.get(segment(), 0L); }
    public long bsize() { return (long) BSIZE.get(segment(), 0L); }
    public long blocks() { return (long) BLOCKS.get(segment(), 0L); }
    public long bfree() { return (long) BFREE.get(segment(), 0L); }
    public long bavail() { return (long) BAVAIL.get(segment(), 0L); }
    public long files() { return (long) FILES.get(segment(), 0L); }
    public long ffree() { return (long) FFREE.get(segment(), 0L); }
    /** The filesystem id: the two ints of fsid_t as one long (val[0] in the low half, as in memory). */
    public long fsid() { return segment().get(FSID_WORD, FSID); }
    public long namelen() { return (long) NAMELEN.get(segment(), 0L); }
    public long frsize() { return (long) FRSIZE.get(segment(), 0L); }
    public long flags() { return (long) FLAGS.get(segment(), 0L); }
}
