package dev.handoff.unix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
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
        if (block != null) {
            long at = (top + byteAlignment - 1) & -byteAlignment;
            if (at + byteSize <= SIZE) {
                top = at + byteSize;
                return block.asSlice(at, byteSize).fill((byte) 0);
            }
        }
        if (spill == null) spill = Arena.ofConfined();
        return spill.allocate(byteSize, byteAlignment);
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
