package dev.handoff.gen;

import java.util.Map;
import java.util.Set;

/**
 * The one table from Go declaration types to Java: every type mksyscall understands is here, and only
 * here. A type not in it is "unsupported" (a clear error naming it and the declaration).
 *
 * <h2>The rules</h2>
 * <ul>
 *   <li>{@code int int32 uint32 _C_int _Socklen} → Java {@code int}, sign-extended into the register.
 *       Go's {@code int} is 64 bits on amd64; we make it Java's {@code int} because that is what fds,
 *       flags and counts are, and declarations say {@code int64}/{@code uintptr} wherever the C type is
 *       {@code off_t}, {@code size_t} or a pointer-sized value. An {@code n int} result of an I/O call
 *       always fits: Linux caps one transfer at 0x7ffff000 bytes (MAX_RW_COUNT).</li>
 *   <li>{@code int64 uint64 uintptr uint} → Java {@code long}. A {@code uintptr} is passed as it is; where
 *       it is an address (mmap's hint, ioctl's arg) the call is marked "unchecked" in docs/syscalls.md.</li>
 *   <li>{@code string} → {@code String}, encoded UTF-8 and NUL-terminated; an embedded NUL is EINVAL and a
 *       string longer than PATH_MAX (4096 bytes with its NUL) is ENAMETOOLONG, both before any syscall.</li>
 *   <li>{@code []byte} → expands to (pointer, length) and gives four overloads: {@code MemorySegment},
 *       {@code ByteBuffer} (position..limit, position advanced by an {@code n int} result),
 *       {@code byte[]} and {@code byte[], off, len}.</li>
 *   <li>{@code []int32 []uint32 []_C_int} → {@code int[]}, {@code []int64 []uint64} → {@code long[]},
 *       expanded to (pointer, length), copied in and out.</li>
 *   <li>{@code *T} for a struct T of {@link #STRUCTS} → that class, passed as its native address.</li>
 *   <li>{@code *[N]T} for a struct T → {@code StructArray<T>} of at least N elements, its address.</li>
 *   <li>{@code []T} for a struct T → {@code StructArray<T>}, expanded to (pointer, element count).</li>
 *   <li>{@code *int32 *uint32 *int *_C_int *_Socklen} → {@code int[]} of length ≥ 1,
 *       {@code *int64 *uint64 *uintptr} → {@code long[]} of length ≥ 1, {@code *[N]T} → an array of
 *       length ≥ N: in-out values, copied in before and out after the call.</li>
 *   <li>{@code unsafe.Pointer} → a native {@code MemorySegment} (or {@code MemorySegment.NULL}); unchecked.</li>
 * </ul>
 * Results: {@code err error} last (errno → SyscallException); at most one value result, of a scalar type.
 */
public final class GoTypes {
    private GoTypes() {}

    /** How a parameter travels to the kernel. */
    public enum Kind {
        /** Java int, one register. */
        INT,
        /** Java long, one register. */
        LONG,
        /** NUL-terminated C string, one register. */
        STRING,
        /** []byte: (pointer, length), four overloads. */
        BYTES,
        /** []int32: int[] as (pointer, length). */
        INT_SLICE,
        /** []int64: long[] as (pointer, length). */
        LONG_SLICE,
        /** *T: a struct class, its address. */
        STRUCT,
        /** []T: a StructArray of T, (pointer, count). */
        STRUCT_SLICE,
        /** *[N]T: a StructArray of at least N T, its address. */
        STRUCT_ARRAY,
        /** *int32 or *[N]int32: int[] of length ≥ N, copied in and out. */
        INT_REF,
        /** *int64 or *[N]int64: long[] of length ≥ N, copied in and out. */
        LONG_REF,
        /** unsafe.Pointer: a native MemorySegment's address. */
        POINTER
    }

    /** A mapped type: its kind, the Java type, and for STRUCT/STRUCT_SLICE the class, for *_REF the minimum length. */
    public record Mapped(Kind kind, String java, String structClass, int minLength) {}

    static final Set<String> INTS = Set.of("int", "int32", "uint32", "_C_int", "_Socklen");
    static final Set<String> LONGS = Set.of("int64", "uint64", "uintptr", "uint");

    /** Go's struct types (x/sys/unix names) → the Java classes of dev.handoff.unix. */
    public static final Map<String, String> STRUCTS = Map.ofEntries(
            Map.entry("Stat_t", "Stat"), Map.entry("Statx_t", "Statx"), Map.entry("Timespec", "Timespec"),
            Map.entry("Timeval", "Timeval"), Map.entry("ItimerSpec", "Itimerspec"), Map.entry("Rlimit", "Rlimit"),
            Map.entry("Rusage", "Rusage"), Map.entry("Sysinfo_t", "Sysinfo"), Map.entry("Utsname", "Utsname"),
            Map.entry("EpollEvent", "EpollEvent"), Map.entry("PollFd", "PollFd"), Map.entry("Iovec", "Iovec"),
            Map.entry("Msghdr", "Msghdr"), Map.entry("RawSockaddrInet4", "SockaddrIn"),
            Map.entry("RawSockaddrInet6", "SockaddrIn6"), Map.entry("RawSockaddrUnix", "SockaddrUn"),
            Map.entry("RawSockaddrAny", "SockaddrAny"), Map.entry("Dirent", "Dirent64"),
            Map.entry("InotifyEvent", "InotifyEvent"), Map.entry("Statfs_t", "Statfs"), Map.entry("Siginfo", "Siginfo"),
            Map.entry("Sigset_t", "Sigset"), Map.entry("Mmsghdr", "Mmsghdr"), Map.entry("OpenHow", "OpenHow"),
            Map.entry("Cmsghdr", "Cmsghdr"), Map.entry("Flock_t", "Flock"), Map.entry("Ucred", "Ucred"),
            Map.entry("Linger", "Linger"));

    /** The mapping of a parameter type, or null when unsupported. */
    public static Mapped param(String t) {
        if (INTS.contains(t)) return new Mapped(Kind.INT, "int", null, 0);
        if (LONGS.contains(t)) return new Mapped(Kind.LONG, "long", null, 0);
        switch (t) {
            case "string": return new Mapped(Kind.STRING, "String", null, 0);
            case "[]byte": return new Mapped(Kind.BYTES, "MemorySegment", null, 0);
            case "unsafe.Pointer": return new Mapped(Kind.POINTER, "MemorySegment", null, 0);
            default: break;
        }
        if (t.startsWith("[]")) {
            String e = t.substring(2);
            if (INTS.contains(e) && !e.equals("int")) return new Mapped(Kind.INT_SLICE, "int[]", null, 0);
            if (e.equals("int64") || e.equals("uint64")) return new Mapped(Kind.LONG_SLICE, "long[]", null, 0);
            String c = STRUCTS.get(e);
            return c == null ? null : new Mapped(Kind.STRUCT_SLICE, "StructArray<" + c + ">", c, 0);
        }
        if (t.startsWith("*")) {
            String e = t.substring(1);
            int min = 1;
            if (e.startsWith("[")) {
                int close = e.indexOf(']');
                if (close <= 1) return null;                   // *[]T: a pointer to a slice
                min = parsePositive(e.substring(1, close));
                if (min <= 0) return null;
                e = e.substring(close + 1);
            }
            if (INTS.contains(e)) return new Mapped(Kind.INT_REF, "int[]", null, min);
            if (e.equals("int64") || e.equals("uint64") || e.equals("uintptr")) return new Mapped(Kind.LONG_REF, "long[]", null, min);
            String c = STRUCTS.get(e);
            if (c != null && !t.startsWith("*[")) return new Mapped(Kind.STRUCT, c, c, 0);
            if (c != null) return new Mapped(Kind.STRUCT_ARRAY, "StructArray<" + c + ">", c, min);
        }
        return null;
    }

    /** The Java type of a value result, or null when unsupported. */
    public static String result(String t) {
        if (INTS.contains(t)) return "int";
        if (LONGS.contains(t)) return "long";
        return null;
    }

    private static int parsePositive(String digits) {
        if (digits.isEmpty() || digits.length() > 6) return -1;
        return Integer.parseInt(digits);
    }
}
