package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * {@code struct stat} as fstat and newfstatat (fstatat on arm64) fill it. The kernel's layout differs by
 * architecture: amd64 has its own (nlink is 64-bit and comes before mode), arm64 uses
 * asm-generic/stat.h. {@link #LAYOUT} is the running machine's; both are checked against gcc.
 */
public final class Stat extends Struct {
    /*
     * linux/amd64 (glibc's struct stat = the kernel's, arch/x86/include/uapi/asm/stat.h), 144 bytes:
     * struct stat {
     *     dev_t     st_dev;
     *     ino_t     st_ino;
     *     nlink_t   st_nlink;     // unsigned long
     *     mode_t    st_mode;      // unsigned int
     *     uid_t     st_uid;
     *     gid_t     st_gid;
     *     int       __pad0;
     *     dev_t     st_rdev;
     *     off_t     st_size;
     *     blksize_t st_blksize;   // long
     *     blkcnt_t  st_blocks;
     *     struct timespec st_atim, st_mtim, st_ctim;
     *     long      __glibc_reserved[3];
     * };
     */
    static final StructLayout AMD64_LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("st_dev"),
            JAVA_LONG.withName("st_ino"),
            JAVA_LONG.withName("st_nlink"),
            JAVA_INT.withName("st_mode"),
            JAVA_INT.withName("st_uid"),
            JAVA_INT.withName("st_gid"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("st_rdev"),
            JAVA_LONG.withName("st_size"),
            JAVA_LONG.withName("st_blksize"),
            JAVA_LONG.withName("st_blocks"),
            Timespec.LAYOUT.withName("st_atim"),
            Timespec.LAYOUT.withName("st_mtim"),
            Timespec.LAYOUT.withName("st_ctim"),
            MemoryLayout.paddingLayout(3 * 8)).withName("stat");

    /*
     * linux/arm64 (asm-generic/stat.h), 128 bytes:
     * struct stat {
     *     unsigned long st_dev;
     *     unsigned long st_ino;
     *     unsigned int  st_mode;
     *     unsigned int  st_nlink;
     *     unsigned int  st_uid;
     *     unsigned int  st_gid;
     *     unsigned long st_rdev;
     *     unsigned long __pad1;
     *     long          st_size;
     *     int           st_blksize;
     *     int           __pad2;
     *     long          st_blocks;
     *     long st_atime; unsigned long st_atime_nsec;   // = struct timespec st_atim
     *     long st_mtime; unsigned long st_mtime_nsec;
     *     long st_ctime; unsigned long st_ctime_nsec;
     *     unsigned int  __unused4, __unused5;
     * };
     */
    static final StructLayout ARM64_LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("st_dev"),
            JAVA_LONG.withName("st_ino"),
            JAVA_INT.withName("st_mode"),
            JAVA_INT.withName("st_nlink"),
            JAVA_INT.withName("st_uid"),
            JAVA_INT.withName("st_gid"),
            JAVA_LONG.withName("st_rdev"),
            MemoryLayout.paddingLayout(8),
            JAVA_LONG.withName("st_size"),
            JAVA_INT.withName("st_blksize"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("st_blocks"),
            Timespec.LAYOUT.withName("st_atim"),
            Timespec.LAYOUT.withName("st_mtim"),
            Timespec.LAYOUT.withName("st_ctim"),
            MemoryLayout.paddingLayout(2 * 4)).withName("stat");

    /** The running machine's struct stat. */
    public static final StructLayout LAYOUT = AMD64 ? AMD64_LAYOUT : ARM64_LAYOUT;

    private static final VarHandle DEV = field(LAYOUT, "st_dev");
    private static final VarHandle INO = field(LAYOUT, "st_ino");
    private static final VarHandle NLINK = field(LAYOUT, "st_nlink");
    private static final VarHandle MODE = field(LAYOUT, "st_mode");
    private static final VarHandle UID = field(LAYOUT, "st_uid");
    private static final VarHandle GID = field(LAYOUT, "st_gid");
    private static final VarHandle RDEV = field(LAYOUT, "st_rdev");
    private static final VarHandle SIZE = field(LAYOUT, "st_size");
    private static final VarHandle BLKSIZE = field(LAYOUT, "st_blksize");
    private static final VarHandle BLOCKS = field(LAYOUT, "st_blocks");
    private static final long ATIM = offset(LAYOUT, "st_atim");
    private static final long MTIM = offset(LAYOUT, "st_mtim");
    private static final long CTIM = offset(LAYOUT, "st_ctim");

    /** A zeroed struct stat, to pass to fstat. */
    public Stat(SegmentAllocator allocator) { super(allocator, LAYOUT); }

    private Stat(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of existing memory. */
    public static Stat wrap(MemorySegment segment) { return new Stat(segment); }

    public long dev() { return (long) DEV.get(segment(), 0L); }
    public long ino() { return (long) INO.get(segment(), 0L); }
    public long nlink() { return AMD64 ? (long) NLINK.get(segment(), 0L) : Integer.toUnsignedLong((int) NLINK.get(segment(), 0L)); }
    /** File type and permission bits: {@code (mode() & S_IFMT) == S_IFREG}. */
    public int mode() { return (int) MODE.get(segment(), 0L); }
    public int uid() { return (int) UID.get(segment(), 0L); }
    public int gid() { return (int) GID.get(segment(), 0L); }
    public long rdev() { return (long) RDEV.get(segment(), 0L); }
    public long size() { return (long) SIZE.get(segment(), 0L); }
    public long blksize() { return AMD64 ? (long) BLKSIZE.get(segment(), 0L) : (int) BLKSIZE.get(segment(), 0L); }
    /** Number of 512-byte blocks allocated. */
    public long blocks() { return (long) BLOCKS.get(segment(), 0L); }
    /** Last access time (a view into this struct). */
    public Timespec atim() { return Timespec.wrap(segment().asSlice(ATIM, Timespec.LAYOUT.byteSize())); }
    /** Last modification time (a view into this struct). */
    public Timespec mtim() { return Timespec.wrap(segment().asSlice(MTIM, Timespec.LAYOUT.byteSize())); }
    /** Last status change time (a view into this struct). */
    public Timespec ctim() { return Timespec.wrap(segment().asSlice(CTIM, Timespec.LAYOUT.byteSize())); }
}
