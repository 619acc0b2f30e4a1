package dev.handoff.unix;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;

/**
 * A C array of structs, {@code struct epoll_event evs[n]}: what epoll_wait, poll, readv/writev and
 * sendmmsg/recvmmsg take. Made by the element class: {@code EpollEvent.array(arena, 64)},
 * {@code PollFd.array(arena, 2)}, {@code Iovec.array(arena, 3)}, {@code Mmsghdr.array(arena, 8)}, or
 * {@code X.array(segment)} over existing memory. {@link #get(int)} returns a view of element i (a new
 * small object, no copy); {@link #address()} is the pointer the system call takes and {@link #size()}
 * the element count it takes with it.
 *
 * <p>The stride is the element layout's size, which is the C {@code sizeof} (12 for a packed
 * epoll_event on amd64, 16 on arm64).
 */
public final class StructArray<T extends Struct> implements Iterable<T> {
    private final MemorySegment segment;
    private final MemoryLayout element;
    private final Function<MemorySegment, T> view;
    private final int size;

    StructArray(MemorySegment segment, MemoryLayout element, Function<MemorySegment, T> view) {
        long n = segment.byteSize() / element.byteSize();
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("array of " + n + " structs is too long");
        this.segment = Struct.check(segment.asSlice(0, n * element.byteSize()), 0, element.byteAlignment(),
                "array of " + element.name().orElse("struct"));
        this.element = element;
        this.view = view;
        this.size = (int) n;
    }

    /** A zeroed array of {@code n} elements. */
    static <T extends Struct> StructArray<T> allocate(SegmentAllocator allocator, MemoryLayout element, int n,
            Function<MemorySegment, T> view) {
        Objects.requireNonNull(allocator, "allocator");
        if (n < 0) throw new IllegalArgumentException("negative array length " + n);
        MemorySegment s = n == 0 ? allocator.allocate(0, element.byteAlignment())
                : allocator.allocate(element, n).fill((byte) 0);
        return new StructArray<>(s, element, view);
    }

    /** The number of elements. */
    public int size() { return size; }

    /** A view of element {@code i}. */
    public T get(int i) {
        Objects.checkIndex(i, size);
        return view.apply(segment.asSlice(i * element.byteSize(), element.byteSize()));
    }

    /** The whole array's memory. */
    public MemorySegment segment() { return segment; }

    /** The native address of element 0. */
    public long address() { return segment.address(); }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private int i;

            @Override public boolean hasNext() { return i < size; }

            @Override public T next() {
                if (i >= size) throw new NoSuchElementException();
                return get(i++);
            }
        };
    }
}
