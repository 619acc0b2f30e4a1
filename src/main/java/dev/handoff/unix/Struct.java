package dev.handoff.unix;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A typed view of one C struct in native memory: the base of every struct class of the unix layer
 * ({@link Timespec}, {@link Stat}, {@link EpollEvent}, ...).
 *
 * <p>Each subclass has a {@code public static final StructLayout LAYOUT} with the C struct quoted above
 * it, a constructor taking a {@link SegmentAllocator} that allocates a zeroed struct, a static
 * {@code wrap(MemorySegment)} that views existing memory, and fluent accessors named after the C fields
 * without their prefix ({@code st_size} is {@code size()}, {@code tv_sec} is {@code sec()} and
 * {@code sec(long)}); setters return {@code this}. The accessors go through {@code static final}
 * VarHandles derived from {@code LAYOUT}, so the layout is the single description of the struct and the
 * struct-layout test checks it against gcc's {@code sizeof}/{@code offsetof}.
 *
 * <p>Invariants: the segment is native (never a heap array: its {@link #address()} is what the kernel
 * gets), at least {@code LAYOUT.byteSize()} long, and aligned to {@code LAYOUT.byteAlignment()}; the
 * constructors check all three, so an accessor never faults. Unsigned C fields are returned in the Java
 * type of the same width (a {@code __u32} is an {@code int}): the bits are the kernel's, widen with
 * {@link Integer#toUnsignedLong} where the value may exceed 2^31.
 *
 * <p>Arrays of structs (for epoll_wait, poll, readv, sendmmsg) are {@link StructArray}s, made by each
 * element class's static {@code array(SegmentAllocator, int)}.
 *
 * <p>Rejected: records that copy the fields out (a copy per call, no in-place update of what the
 * kernel reads, such as an epoll_event array reused across epoll_wait calls); heap segments (the
 * kernel needs an address that a GC cannot move); Unsafe offsets (the layout would no longer be the
 * one checked against gcc); per-instance VarHandles (static final ones are constants to the JIT).
 */
public abstract class Struct {
    /** True on linux/amd64, where a few structs (stat, epoll_event) differ from linux/arm64. */
    static final boolean AMD64 = "amd64".equals(System.getProperty("os.arch"));

    private final MemorySegment segment;

    /** A view of {@code segment}, which must hold at least {@code layout}: see the class invariants. */
    protected Struct(MemorySegment segment, MemoryLayout layout) {
        this.segment = check(segment, layout.byteSize(), layout.byteAlignment(), getClass().getSimpleName());
    }

    /** A new zeroed struct of the given layout, allocated by {@code allocator}. */
    protected Struct(SegmentAllocator allocator, MemoryLayout layout) {
        this(Objects.requireNonNull(allocator, "allocator").allocate(layout).fill((byte) 0), layout);
    }

    /** The struct's memory. */
    public final MemorySegment segment() { return segment; }

    /** The struct's native address: what a system call takes as the pointer. */
    public final long address() { return segment.address(); }

    /** Checks a segment for a struct of {@code size} bytes (more is allowed) and returns it. */
    static MemorySegment check(MemorySegment segment, long size, long alignment, String what) {
        Objects.requireNonNull(segment, "segment");
        if (size < 0) throw new IllegalArgumentException(what + ": negative size " + size);
        if (!segment.isNative()) {
            throw new IllegalArgumentException(what + ": structs live in native memory, not in a heap segment");
        }
        if (segment.byteSize() < size) {
            throw new IllegalArgumentException(what + ": needs " + size + " bytes, segment has " + segment.byteSize());
        }
        if (segment.address() % alignment != 0) {
            throw new IllegalArgumentException(what + ": address 0x" + Long.toHexString(segment.address())
                    + " is not aligned to " + alignment);
        }
        return segment;
    }

    /** The VarHandle of a top-level field, with the offset coordinate folded to 0 by the callers. */
    static VarHandle field(MemoryLayout layout, String name) {
        return layout.varHandle(MemoryLayout.PathElement.groupElement(name));
    }

    /** The byte offset of a top-level field. */
    static long offset(MemoryLayout layout, String name) {
        return layout.byteOffset(MemoryLayout.PathElement.groupElement(name));
    }

    /** The byte size of a top-level field. */
    static long size(MemoryLayout layout, String name) {
        return layout.select(MemoryLayout.PathElement.groupElement(name)).byteSize();
    }

    /** The NUL-terminated string in the {@code max}-byte field at {@code offset} (UTF-8; all of it if no NUL). */
    static String getString(MemorySegment s, long offset, long max) {
        long n = 0;
        while (n < max && s.get(ValueLayout.JAVA_BYTE, offset + n) != 0) n++;
        byte[] b = new byte[(int) n];
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, offset, b, 0, b.length);
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code value} as a NUL-terminated UTF-8 string into the {@code max}-byte field at
     * {@code offset}, zeroing the rest. A string with a NUL, or whose bytes and NUL do not fit, is an
     * IllegalArgumentException naming the field, and nothing is written.
     */
    static void putString(MemorySegment s, long offset, long max, String value, String field) {
        byte[] b = bytes(value, field);
        if (b.length + 1 > max) {
            throw new IllegalArgumentException(field + ": " + b.length + " bytes do not fit (at most "
                    + (max - 1) + " and a NUL)");
        }
        s.asSlice(offset, max).fill((byte) 0);
        MemorySegment.copy(b, 0, s, ValueLayout.JAVA_BYTE, offset, b.length);
    }

    /** The UTF-8 bytes of a string that is to become a C string: null or an embedded NUL is rejected. */
    static byte[] bytes(String value, String field) {
        Objects.requireNonNull(value, field);
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        for (byte x : b) {
            if (x == 0) throw new IllegalArgumentException(field + ": string contains a NUL byte");
        }
        return b;
    }
}
