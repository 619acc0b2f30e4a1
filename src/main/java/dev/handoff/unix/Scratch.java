package dev.handoff.unix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Native memory for the typed layer's copies (heap buffers, C strings, int and long arrays), taken
 * from a per-thread block instead of a new arena per call, so a wrapper allocates nothing.
 *
 * <h2>How</h2>
 * Each platform thread (a goroutine's M included) owns one {@value #SIZE}-byte block, made on its
 * first use and freed with the thread (an automatic arena). {@link #open} marks the block's top,
 * {@link #allocate} hands out zeroed, aligned slices above it (as an arena's memory is zeroed), and
 * {@link #close} drops back to the mark: a stack, so wrappers that call wrappers nest. What does not
 * fit goes to a confined arena opened on demand and closed when the outermost use ends.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Used only between {@code open} and {@code close} on one thread, with no goroutine switch in
 *       between: a wrapper copies, makes its system call (a goroutine's syscall never changes
 *       threads: the slow exitsyscall waits in place) and copies back. {@code close} on another
 *       thread is a bug and fails loudly.</li>
 *   <li>No slice escapes its {@code open}/{@code close}: only the generated wrappers and
 *       {@link Unix} use it, for the duration of one call.</li>
 *   <li>Virtual threads get a confined arena per call, as before: a per-virtual-thread block would
 *       cost a block per virtual thread, and the carrier's block is not theirs to keep across an
 *       unmount.</li>
 * </ul>
 */
final class Scratch implements SegmentAllocator, AutoCloseable {
    /** What {@code copyIn} puts in the copy: the caller's bytes, zeros, or whatever is there. */
    static final int COPY = 0, ZERO = 1, AS_IS = 2;

    /** Bytes per thread: a 4 KiB path, a page of I/O and the small structs of one call fit. */
    static final int SIZE = 64 * 1024;

    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    private final Thread owner;
    private final MemorySegment block;   // null for a virtual thread's one-call Scratch
    private long top;
    private long[] marks = new long[4];
    private int depth;
    private Arena spill;                 // for what does not fit in the block; null until needed

    private Scratch() {
        owner = Thread.currentThread();
        block = owner.isVirtual() ? null : Arena.ofAuto().allocate(SIZE, 64);
    }

    /** The calling thread's scratch memory, marked: allocations until {@link #close} are released then. */
    static Scratch open() {
        Scratch s = Thread.currentThread().isVirtual() ? new Scratch() : LOCAL.get();
        if (s.depth == s.marks.length) s.marks = Arrays.copyOf(s.marks, 2 * s.depth);
        s.marks[s.depth++] = s.top;
        return s;
    }

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        if (byteSize < 0 || byteAlignment <= 0 || (byteAlignment & (byteAlignment - 1)) != 0)
            throw new IllegalArgumentException("size " + byteSize + ", alignment " + byteAlignment);
        long at = reserve(byteSize, byteAlignment);
        return at >= 0 ? block.asSlice(at, byteSize).fill((byte) 0) : spill(byteSize, byteAlignment);
    }

    /**
     * A native copy of heap segment {@code p} for one system call, its address: filled from {@code p}
     * ({@link #COPY}: the kernel reads it), zeroed ({@link #ZERO}: the kernel writes it and all of it
     * is copied back), or left as it is ({@link #AS_IS}: only the bytes the kernel says it wrote are
     * copied back); refused when the kernel writes it and {@code p} is read-only. No segment object
     * is made for the copy when it fits the block.
     */
    long copyIn(MemorySegment p, String name, int fill, boolean writes) {
        if (writes && p.isReadOnly()) throw new IllegalArgumentException(name + ": read-only buffer, and the kernel writes it");
        long size = p.byteSize();
        long at = reserve(size, 8);
        if (at < 0) {
            MemorySegment c = spill(size, 8);                                // zeroed
            if (fill == COPY) c.copyFrom(p);
            return c.address();
        }
        if (fill == COPY) MemorySegment.copy(p, 0, block, at, size);
        else if (fill == ZERO) block.asSlice(at, size).fill((byte) 0);
        return block.address() + at;
    }

    /** The byte[] form of {@link #copyIn(MemorySegment, String, int, boolean)}: {@code len} bytes from {@code off}. */
    long copyIn(byte[] a, int off, int len, int fill) {
        long at = reserve(len, 8);
        if (at < 0) {
            MemorySegment c = spill(Math.max(len, 1), 8);                    // zeroed
            if (fill == COPY) MemorySegment.copy(a, off, c, ValueLayout.JAVA_BYTE, 0, len);
            return c.address();
        }
        if (fill == COPY) MemorySegment.copy(a, off, block, ValueLayout.JAVA_BYTE, at, len);
        else if (fill == ZERO) block.asSlice(at, len).fill((byte) 0);
        return block.address() + at;
    }

    /** The byte[] form of {@link #copyBack(long, MemorySegment, long)}. */
    void copyBack(long address, byte[] a, int off, int len, long n) {
        int count = (int) (n < 0 ? len : Math.min(n, len));
        long at = blockOffset(address, count);
        if (at >= 0) MemorySegment.copy(block, ValueLayout.JAVA_BYTE, at, a, off, count);
        else MemorySegment.copy(MemorySegment.ofAddress(address).reinterpret(count), ValueLayout.JAVA_BYTE, 0, a, off, count);
    }

    /** Copies the first {@code n} bytes (all when n &lt; 0) of the copy at {@code address} back into {@code p}. */
    void copyBack(long address, MemorySegment p, long n) {
        long count = n < 0 ? p.byteSize() : Math.min(n, p.byteSize());
        long at = blockOffset(address, count);
        if (at >= 0) MemorySegment.copy(block, at, p, 0, count);
        else MemorySegment.copy(MemorySegment.ofAddress(address).reinterpret(count), 0, p, 0, count);
    }

    /** Room for {@code size} bytes in the block: their offset, or -1 when they do not fit (or no block). */
    private long reserve(long size, long align) {
        if (block == null) return -1;
        long at = (top + align - 1) & -align;
        if (at + size > SIZE) return -1;
        top = at + size;
        return at;
    }

    /** Zeroed memory from the confined spill arena, opened on first use. */
    private MemorySegment spill(long size, long align) {
        if (spill == null) spill = Arena.ofConfined();
        return spill.allocate(size, align);
    }

    /** Where {@code count} bytes at {@code address} sit in the block, or -1 when they are not in it. */
    private long blockOffset(long address, long count) {
        long at = block == null ? -1 : address - block.address();
        return at >= 0 && at + count <= SIZE ? at : -1;
    }

    @Override
    public void close() {
        if (Thread.currentThread() != owner)
            throw new IllegalStateException("scratch memory of " + owner + " released by " + Thread.currentThread());
        if (depth == 0) throw new IllegalStateException("scratch memory released more often than opened");
        top = marks[--depth];
        if (depth == 0 && spill != null) {
            spill.close();
            spill = null;
        }
    }

    /** How far the block is used (for tests). */
    long top() { return top; }

    /** How many opens are not closed yet (for tests). */
    int depth() { return depth; }
}
