package dev.handoff.unix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.Objects;

import dev.handoff.syscall.Errno;
import dev.handoff.syscall.SyscallException;

/**
 * The checks and conversions the generated wrappers ({@link ZUnix}) make before a system call: every
 * way an argument can be wrong becomes a Java exception here, before the kernel sees anything.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>null → {@link NullPointerException} naming the parameter, except where the declaration lists the
 *       parameter as nullable (then NULL is passed);</li>
 *   <li>array ranges → {@link IndexOutOfBoundsException} ({@code Objects.checkFromIndexSize}: negative
 *       offsets or lengths, offset+length beyond the array);</li>
 *   <li>strings: an embedded NUL is {@code EINVAL} and more than PATH_MAX bytes with the NUL is
 *       {@code ENAMETOOLONG}, both as {@link SyscallException}s naming the call (Go's
 *       {@code BytePtrFromString} answers EINVAL the same way; the kernel would answer ENAMETOOLONG);</li>
 *   <li>a read-only buffer handed to a call whose kernel writes it, a segment of a closed arena, or a heap
 *       segment where only native memory works → {@link IllegalArgumentException} /
 *       {@link IllegalStateException};</li>
 *   <li>an empty buffer passes the address of {@link #ZERO}, never NULL (Go's {@code _zero}): the kernel
 *       sees a valid pointer with length 0, as for any other empty buffer.</li>
 * </ul>
 *
 * <h2>Heap memory</h2>
 * A {@code byte[]}, heap {@code ByteBuffer} or heap segment is copied through the thread's
 * {@link Scratch} memory (in, back, or both, as {@code CallTraits} decides) and the call is made on
 * the copy; C strings and int/long arrays are copied there too. The alternative,
 * a critical downcall that lets the kernel see the heap array directly, is only sound for calls that
 * cannot block (the GC waits for the call to return), and the blocking ones are the ones that move
 * bytes (read, write, pread, recvfrom, getrandom are all {@code //sys}); the only {@code //sysnb} calls
 * with a byte buffer (sethostname, setdomainname, add_key) are not hot. So every heap buffer is copied,
 * and the zero-copy paths are the native {@code MemorySegment} and direct {@code ByteBuffer} overloads.
 * Measured with JMH {@code -prof gc} (bench/src/.../pread/Handoff.java): a 4 KiB pread allocated
 * 72 B/op through a byte[] or a heap ByteBuffer when each call had its own confined arena; with
 * {@link Scratch} see docs/benchmarks.md (a virtual thread still gets an arena per call).
 *
 * <h2>What is not checked</h2>
 * A segment of a <em>shared</em> arena closed by another thread while the call runs: the address has
 * been taken, the kernel may then touch unmapped memory (EFAULT) or memory reused since. Keep a shared
 * arena open while calls on its memory run, as with any native pointer.
 */
final class Marshal {
    private Marshal() {}

    /** PATH_MAX: the longest C string (with its NUL) a path parameter may be. */
    static final int PATH_MAX = 4096;

    /** Where an empty buffer points (Go's {@code _zero}). */
    static final MemorySegment ZERO = Arena.global().allocate(8, 8);

    // ---- []byte ----

    /** True when the buffer is non-empty heap memory, to be copied through native memory. */
    static boolean onHeap(MemorySegment p, String name) {
        Objects.requireNonNull(p, name);
        return !p.isNative() && p.byteSize() != 0;
    }

    /** The address the kernel gets for a native (or empty) buffer. */
    static long buffer(MemorySegment p, String name, boolean writes) {
        Objects.requireNonNull(p, name);
        if (!p.scope().isAlive()) throw new IllegalStateException(name + ": the segment's arena is closed");
        if (p.byteSize() == 0) return ZERO.address();
        if (!p.isNative()) throw new IllegalArgumentException(name + ": heap segment where native memory is needed");
        if (writes && p.isReadOnly()) throw new IllegalArgumentException(name + ": read-only buffer, and the kernel writes it");
        return p.address();
    }

    /** The bytes between a ByteBuffer's position and limit, as a segment (heap or native). */
    static MemorySegment segment(ByteBuffer b) {
        return MemorySegment.ofBuffer(Objects.requireNonNull(b, "buffer"));
    }

    /** Moves a ByteBuffer's position past the n bytes the call moved. */
    static void advance(ByteBuffer b, int n) {
        b.position(b.position() + n);
    }

    /** The array itself, or a NullPointerException naming the parameter. */
    static byte[] array(byte[] a, String name) {
        return Objects.requireNonNull(a, name);
    }

    /** Checks an array range: negative or out-of-range values are refused. */
    static void range(byte[] a, int off, int len, String name) {
        Objects.requireNonNull(a, name);
        Objects.checkFromIndexSize(off, len, a.length);
    }

    /** True when a ByteBuffer's bytes are a writable heap array the byte[] path can copy directly. */
    static boolean hasArray(ByteBuffer b) {
        return Objects.requireNonNull(b, "buffer").hasArray();
    }

    /** A whole byte array, as a heap segment. */
    static MemorySegment array(byte[] a) {
        return MemorySegment.ofArray(Objects.requireNonNull(a, "array"));
    }

    /** {@code len} bytes of an array from {@code off}: negative or out-of-range values are refused. */
    static MemorySegment array(byte[] a, int off, int len) {
        Objects.requireNonNull(a, "array");
        Objects.checkFromIndexSize(off, len, a.length);
        return MemorySegment.ofArray(a).asSlice(off, len);
    }

    // ---- strings ----

    /** A NUL-terminated UTF-8 copy of s in the arena, its address (0 for a nullable null). */
    static long cstring(SegmentAllocator a, String s, String name, String syscall, boolean nullable) {
        if (s == null) {
            if (nullable) return 0;
            throw new NullPointerException(name);
        }
        if (s.indexOf('\0') >= 0) throw SyscallException.of(syscall, Errno.EINVAL.number());
        MemorySegment m = a.allocateFrom(s);
        if (m.byteSize() > PATH_MAX) throw SyscallException.of(syscall, Errno.ENAMETOOLONG.number());
        return m.address();
    }

    // ---- int and long arrays ----

    /** A native copy of an int[] (at least 4 bytes, so even an empty one has a valid address). */
    static MemorySegment slice(SegmentAllocator a, int[] v, String name) {
        Objects.requireNonNull(v, name);
        MemorySegment m = a.allocate(ValueLayout.JAVA_INT, Math.max(v.length, 1));
        MemorySegment.copy(v, 0, m, ValueLayout.JAVA_INT, 0, v.length);
        return m.asSlice(0, 4L * v.length);
    }

    /** A native copy of a long[]. */
    static MemorySegment slice(SegmentAllocator a, long[] v, String name) {
        Objects.requireNonNull(v, name);
        MemorySegment m = a.allocate(ValueLayout.JAVA_LONG, Math.max(v.length, 1));
        MemorySegment.copy(v, 0, m, ValueLayout.JAVA_LONG, 0, v.length);
        return m.asSlice(0, 8L * v.length);
    }

    /** The first {@code min} elements of an in-out int[] (a C {@code int *}), copied to native memory. */
    static MemorySegment ref(SegmentAllocator a, int[] v, int min, String name, boolean nullable) {
        if (v == null) {
            if (nullable) return MemorySegment.NULL;
            throw new NullPointerException(name);
        }
        if (v.length < min) throw new IllegalArgumentException(name + ": needs at least " + min + " element(s), has " + v.length);
        MemorySegment m = a.allocate(ValueLayout.JAVA_INT, min);
        MemorySegment.copy(v, 0, m, ValueLayout.JAVA_INT, 0, min);
        return m;
    }

    /** The first {@code min} elements of an in-out long[], copied to native memory. */
    static MemorySegment ref(SegmentAllocator a, long[] v, int min, String name, boolean nullable) {
        if (v == null) {
            if (nullable) return MemorySegment.NULL;
            throw new NullPointerException(name);
        }
        if (v.length < min) throw new IllegalArgumentException(name + ": needs at least " + min + " element(s), has " + v.length);
        MemorySegment m = a.allocate(ValueLayout.JAVA_LONG, min);
        MemorySegment.copy(v, 0, m, ValueLayout.JAVA_LONG, 0, min);
        return m;
    }

    /** Copies native ints back into the array (nothing for NULL). */
    static void copyBack(MemorySegment m, int[] v) {
        if (m.address() == 0) return;
        MemorySegment.copy(m, ValueLayout.JAVA_INT, 0, v, 0, (int) (m.byteSize() / 4));
    }

    /** Copies native longs back into the array (nothing for NULL). */
    static void copyBack(MemorySegment m, long[] v) {
        if (m.address() == 0) return;
        MemorySegment.copy(m, ValueLayout.JAVA_LONG, 0, v, 0, (int) (m.byteSize() / 8));
    }

    // ---- structs and raw pointers ----

    /** A struct's address (0 for a nullable null); its arena must be open. */
    static long struct(Struct s, String name, boolean nullable) {
        if (s == null) {
            if (nullable) return 0;
            throw new NullPointerException(name);
        }
        if (!s.segment().scope().isAlive()) throw new IllegalStateException(name + ": the struct's arena is closed");
        return s.address();
    }

    /** An array of structs' address; its arena must be open. */
    static long structs(StructArray<?> a, String name) {
        Objects.requireNonNull(a, name);
        if (!a.segment().scope().isAlive()) throw new IllegalStateException(name + ": the array's arena is closed");
        return a.size() == 0 ? ZERO.address() : a.address();
    }

    /** The address of an array of at least {@code min} structs (a C {@code struct x (*)[min]}); 0 for a nullable null. */
    static long structs(StructArray<?> a, int min, String name, boolean nullable) {
        if (a == null) {
            if (nullable) return 0;
            throw new NullPointerException(name);
        }
        if (a.size() < min) throw new IllegalArgumentException(name + ": needs at least " + min + " element(s), has " + a.size());
        if (!a.segment().scope().isAlive()) throw new IllegalStateException(name + ": the array's arena is closed");
        return a.address();
    }

    /** A raw pointer: {@code MemorySegment.NULL} is NULL, anything else must be a live native segment. */
    static long pointer(MemorySegment p, String name) {
        Objects.requireNonNull(p, name);
        if (p.isNative() && p.address() == 0) return 0;
        if (!p.isNative()) throw new IllegalArgumentException(name + ": heap segment where native memory is needed");
        if (!p.scope().isAlive()) throw new IllegalStateException(name + ": the segment's arena is closed");
        return p.address();
    }
}
