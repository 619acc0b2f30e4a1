package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * {@code struct statx}: the statx call. Only the fields whose STATX_* bit is set in {@link #mask()}
 * were filled. The same on every architecture (256 bytes).
 */
public final class Statx extends Struct {
    /*
     * linux/stat.h (Linux 6.1):
     * struct statx {
     *     __u32 stx_mask;             // what results were written
     *     __u32 stx_blksize;          // preferred I/O size
     *     __u64 stx_attributes;       // STATX_ATTR_* flags
     *     __u32 stx_nlink;
     *     __u32 stx_uid;
     *     __u32 stx_gid;
     *     __u16 stx_mode;
     *     __u16 __spare0[1];
     *     __u64 stx_ino;
     *     __u64 stx_size;
     *     __u64 stx_blocks;           // 512-byte blocks allocated
     *     __u64 stx_attributes_mask;  // which stx_attributes bits are supported
     *     struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
     *     __u32 stx_rdev_major, stx_rdev_minor;
     *     __u32 stx_dev_major, stx_dev_minor;
     *     __u64 stx_mnt_id;
     *     __u32 stx_dio_mem_align;    // direct I/O alignment of memory buffers
     *     __u32 stx_dio_offset_align; // direct I/O alignment of file offsets
     *     __u64 __spare3[12];
     * };
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("stx_mask"),
            JAVA_INT.withName("stx_blksize"),
            JAVA_LONG.withName("stx_attributes"),
            JAVA_INT.withName("stx_nlink"),
            JAVA_INT.withName("stx_uid"),
            JAVA_INT.withName("stx_gid"),
            JAVA_SHORT.withName("stx_mode"),
            MemoryLayout.paddingLayout(2),
            JAVA_LONG.withName("stx_ino"),
            JAVA_LONG.withName("stx_size"),
            JAVA_LONG.withName("stx_blocks"),
            JAVA_LONG.withName("stx_attributes_mask"),
            StatxTimestamp.LAYOUT.withName("stx_atime"),
            StatxTimestamp.LAYOUT.withName("stx_btime"),
            StatxTimestamp.LAYOUT.withName("stx_ctime"),
            StatxTimestamp.LAYOUT.withName("stx_mtime"),
            JAVA_INT.withName("stx_rdev_major"),
            JAVA_INT.withName("stx_rdev_minor"),
            JAVA_INT.withName("stx_dev_major"),
            JAVA_INT.withName("stx_dev_minor"),
            JAVA_LONG.withName("stx_mnt_id"),
            JAVA_INT.withName("stx_dio_mem_align"),
            JAVA_INT.withName("stx_dio_offset_align"),
            MemoryLayout.paddingLayout(12 * 8)).withName("statx");

    private static final VarHandle MASK = field(LAYOUT, "stx_mask");
    private static final VarHandle BLKSIZE = field(LAYOUT, "stx_blksize");
    private static final VarHandle ATTRIBUTES = field(LAYOUT, "stx_attributes");
    private static final VarHandle NLINK = field(LAYOUT, "stx_nlink");
    private static final VarHandle UID = field(LAYOUT, "stx_uid");
    private static final VarHandle GID = field(LAYOUT, "stx_gid");
    private static final VarHandle MODE = field(LAYOUT, "stx_mode");
    private static final VarHandle INO = field(LAYOUT, "stx_ino");
    private static final VarHandle SIZE = field(LAYOUT, "stx_size");
    private static final VarHandle BLOCKS = field(LAYOUT, "stx_blocks");
    private static final VarHandle ATTRIBUTES_MASK = field(LAYOUT, "stx_attributes_mask");
    private static final long ATIME = offset(LAYOUT, "stx_atime");
    private static final long BTIME = offset(LAYOUT, "stx_btime");
    private static final long CTIME = offset(LAYOUT, "stx_ctime");
    private static final long MTIME = offset(LAYOUT, "stx_mtime");
    private static final VarHandle RDEV_MAJOR = field(LAYOUT, "stx_rdev_major");
    private static final VarHandle RDEV_MINOR = field(LAYOUT, "stx_rdev_minor");
    private static final VarHandle DEV_MAJOR = field(LAYOUT, "stx_dev_major");
    private static final VarHandle DEV_MINOR = field(LAYOUT, "stx_dev_minor");
    private static final VarHandle MNT_ID = field(LAYOUT, "stx_mnt_id");
    private static final VarHandle DIO_MEM_ALIGN = field(LAYOUT, "stx_dio_mem_align");
    private static final VarHandle DIO_OFFSET_ALIGN = field(LAYOUT, "stx_dio_offset_align");

    /** A zeroed statx. */
    public Statx(SegmentAllocator allocator) { super(allocator, LAYOUT); }

    private Statx(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of existing memory. */
    public static Statx wrap(MemorySegment segment) { return new Statx(segment); }

    /** The STATX_* bits of the fields that were filled. */
    public int mask() { return (int) MASK.get(segment(), 0L); }
    public int blksize() { return (int) BLKSIZE.get(segment(), 0L); }
    public long attributes() { return (long) ATTRIBUTES.get(segment(), 0L); }
    public int nlink() { return (int) NLINK.get(segment(), 0L); }
    public int uid() { return (int) UID.get(segment(), 0L); }
    public int gid() { return (int) GID.get(segment(), 0L); }
    /** File type and permission bits (unsigned 16-bit). */
    public int mode() { return Short.toUnsignedInt((short) MODE.get(segment(), 0L)); }
    public long ino() { return (long) INO.get(segment(), 0L); }
    public long size() { return (long) SIZE.get(segment(), 0L); }
    public long blocks() { return (long) BLOCKS.get(segment(), 0L); }
    public long attributesMask() { return (long) ATTRIBUTES_MASK.get(segment(), 0L); }
    public StatxTimestamp atime() { return ts(ATIME); }
    /** Creation time: valid only when {@code mask()} has STATX_BTIME. */
    public StatxTimestamp btime() { return ts(BTIME); }
    public StatxTimestamp ctime() { return ts(CTIME); }
    public StatxTimestamp mtime() { return ts(MTIME); }
    public int rdevMajor() { return (int) RDEV_MAJOR.get(segment(), 0L); }
    public int rdevMinor() { return (int) RDEV_MINOR.get(segment(), 0L); }
    public int devMajor() { return (int) DEV_MAJOR.get(segment(), 0L); }
    public int devMinor() { return (int) DEV_MINOR.get(segment(), 0L); }
    public long mntId() { return (long) MNT_ID.get(segment(), 0L); }
    public int dioMemAlign() { return (int) DIO_MEM_ALIGN.get(segment(), 0L); }
    public int dioOffsetAlign() { return (int) DIO_OFFSET_ALIGN.get(segment(), 0L); }

    private StatxTimestamp ts(long offset) {
        return StatxTimestamp.wrap(segment().asSlice(offset, StatxTimestamp.LAYOUT.byteSize()));
    }
}
