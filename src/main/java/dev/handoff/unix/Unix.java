package dev.handoff.unix;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.handoff.syscall.Errno;
import dev.handoff.syscall.SyscallException;

/**
 * Linux system calls for Java: {@code import static dev.handoff.unix.Unix.*;} then
 * {@code int fd = openat(AT_FDCWD, "f", O_RDONLY, 0); read(fd, buf); close(fd);}.
 *
 * <h2>Where things are</h2>
 * Most calls are generated from the {@code //sys} declarations in src/main/sys/linux into
 * {@link ZUnix}, which this class extends; the constants ({@code O_*}, {@code AT_*}, ...) come from
 * {@link ZConstants}. What is here was wrapped by hand, as Go wraps it: the classic names
 * ({@code open}, {@code creat}, {@code rename}, {@code pipe}, {@code stat}, {@code lstat},
 * {@code mkdir}, {@code unlink}, {@code rmdir}, {@code dup2}, {@code epollCreate}, {@code utimes},
 * {@code futimens}, {@code readdir}) on top of the *at and *2 calls Linux actually has; and the
 * calls whose raw form a Java caller could not use safely: the memory calls take the
 * {@link MemorySegment} they act on, the signal calls pass the kernel's 8-byte sigset size, socket
 * calls take a {@link Sockaddr}, and affinity and groups take Java arrays.
 *
 * <h2>Errors</h2>
 * A failing call throws {@link SyscallException} naming the kernel's call ({@code "openat: ENOENT
 * (No such file or directory)"}) even when reached through a classic name. Bad arguments (null,
 * ranges, strings with NUL) are refused before the call; see {@code Marshal}.
 */
public final class Unix extends ZUnix {
    private Unix() {}

    /** The smallest page size Linux uses: mincore gets one byte per 4 KiB, enough for any larger page size too. */
    private static final long PAGE = 4096;

    // ---- files ----

    /** open(2), as openat(AT_FDCWD, ...). */
    public static int open(String path, int flags, int mode) {
        return openat(AT_FDCWD, path, flags, mode);
    }

    /** creat(2), as openat(AT_FDCWD, path, O_CREAT|O_WRONLY|O_TRUNC, mode). */
    public static int creat(String path, int mode) {
        return openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
    }

    /** openat2(2): the size argument is the OpenHow's. */
    public static int openat2(int dirfd, String path, OpenHow how) {
        Objects.requireNonNull(how, "how");
        return openat2(dirfd, path, how, OpenHow.LAYOUT.byteSize());
    }

    /** rename(2), as renameat2(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0). */
    public static void rename(String oldpath, String newpath) {
        renameat2(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
    }

    /** stat(2), as newfstatat(AT_FDCWD, path, st, 0). */
    public static void stat(String path, Stat st) {
        fstatat(AT_FDCWD, path, st, 0);
    }

    /** lstat(2), as newfstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW). */
    public static void lstat(String path, Stat st) {
        fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
    }

    /** mkdir(2), as mkdirat(AT_FDCWD, ...). */
    public static void mkdir(String path, int mode) {
        mkdirat(AT_FDCWD, path, mode);
    }

    /** unlink(2), as unlinkat(AT_FDCWD, path, 0). */
    public static void unlink(String path) {
        unlinkat(AT_FDCWD, path, 0);
    }

    /** rmdir(2), as unlinkat(AT_FDCWD, path, AT_REMOVEDIR). */
    public static void rmdir(String path) {
        unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
    }

    /** pipe(2), as pipe2(p, 0): {read end, write end}. */
    public static int[] pipe() {
        return pipe2(0);
    }

    /** pipe2(2) with the pair returned: {read end, write end}. */
    public static int[] pipe2(int flags) {
        int[] p = new int[2];
        pipe2(p, flags);
        return p;
    }

    /**
     * dup2(2), as dup3(oldfd, newfd, 0). dup3 refuses oldfd == newfd (EINVAL) where dup2 answers
     * newfd if it is open (EBADF if not), so that case is checked with fcntl(F_GETFD), as glibc does.
     */
    public static int dup2(int oldfd, int newfd) {
        if (oldfd == newfd) {
            fcntl(oldfd, F_GETFD, 0);
            return newfd;
        }
        return dup3(oldfd, newfd, 0);
    }

    /** utimes(2), as utimensat(AT_FDCWD, path, times, 0); times null means "now". */
    public static void utimes(String path, StructArray<Timespec> times) {
        Objects.requireNonNull(path, "path");
        utimensat(AT_FDCWD, path, times, 0);
    }

    /** futimens(3) (Go's Futimes), as utimensat(fd, NULL, times, 0); times null means "now". */
    public static void futimens(int fd, StructArray<Timespec> times) {
        utimensat(fd, null, times, 0);
    }

    /**
     * Every entry of an open directory, read with getdents64 until it returns 0 ("." and ".." included,
     * in the kernel's order). The directory's offset is left at its end.
     */
    public static List<DirEntry> readdir(int fd) {
        List<DirEntry> out = new ArrayList<>();
        try (Scratch a = Scratch.open()) {
            MemorySegment buf = a.allocate(8192, 8);
            int n;
            while ((n = getdents(fd, buf)) > 0) {
                for (Dirent64 d : Dirent64.records(buf, n)) out.add(new DirEntry(d.ino(), d.type(), d.name()));
            }
        }
        return out;
    }

    // ---- epoll ----

    /** epoll_create(2), as epoll_create1(0); size must be positive, as the kernel still checks. */
    public static int epollCreate(int size) {
        if (size <= 0) throw SyscallException.of("epoll_create1", Errno.EINVAL.number());
        return epollCreate1(0);
    }

    // ---- memory: every call takes the segment it acts on ----

    /**
     * mmap(2) with Go's argument order ({@code unix.Mmap(fd, offset, length, prot, flags)}), the kernel
     * choosing the address: the mapping as a segment of {@code length} bytes. It lives until
     * {@link #munmap}; using it after that is the caller's bug, exactly as in C or Go.
     */
    @SuppressWarnings("restricted")   // the kernel just made these bytes ours: the one place a size is given to an address
    public static MemorySegment mmap(int fd, long offset, long length, int prot, int flags) {
        if (length <= 0) throw SyscallException.of("mmap", Errno.EINVAL.number());
        long p = mmap(0, length, prot, flags, fd, offset);
        return MemorySegment.ofAddress(p).reinterpret(length);
    }

    /** munmap(2) of a mapping made by {@link #mmap}. The segment must not be used afterwards. */
    public static void munmap(MemorySegment m) {
        munmap(range(m, "m"), m.byteSize());
    }

    /** mremap(2): the new mapping (MREMAP_MAYMOVE may move it; the old segment is then invalid). */
    @SuppressWarnings("restricted")
    public static MemorySegment mremap(MemorySegment m, long newLength, int flags) {
        if (newLength <= 0) throw SyscallException.of("mremap", Errno.EINVAL.number());
        long p = mremap(range(m, "m"), m.byteSize(), newLength, flags, 0);
        return MemorySegment.ofAddress(p).reinterpret(newLength);
    }

    /** mprotect(2) on the pages of a mapping. */
    public static void mprotect(MemorySegment m, int prot) {
        mprotect(range(m, "m"), m.byteSize(), prot);
    }

    /** madvise(2) on the pages of a mapping. */
    public static void madvise(MemorySegment m, int advice) {
        madvise(range(m, "m"), m.byteSize(), advice);
    }

    /** msync(2) on the pages of a mapping. */
    public static void msync(MemorySegment m, int flags) {
        msync(range(m, "m"), m.byteSize(), flags);
    }

    /** mlock(2) on native memory. */
    public static void mlock(MemorySegment m) {
        mlock(range(m, "m"), m.byteSize());
    }

    /** mlock2(2) on native memory. */
    public static void mlock2(MemorySegment m, int flags) {
        mlock2(range(m, "m"), m.byteSize(), flags);
    }

    /** munlock(2) on native memory. */
    public static void munlock(MemorySegment m) {
        munlock(range(m, "m"), m.byteSize());
    }

    /** mincore(2): one byte per page of the mapping into {@code vec} (bit 0: resident). */
    public static void mincore(MemorySegment m, byte[] vec) {
        long start = range(m, "m");
        Objects.requireNonNull(vec, "vec");
        long pages = (start + m.byteSize() + PAGE - 1) / PAGE - start / PAGE;
        if (vec.length < pages) throw new IllegalArgumentException("vec: needs " + pages + " bytes, has " + vec.length);
        try (Scratch a = Scratch.open()) {
            MemorySegment v = a.allocate(Math.max(1, pages));
            mincore(start, m.byteSize(), v);
            MemorySegment.copy(v, ValueLayout.JAVA_BYTE, 0, vec, 0, (int) pages);
        }
    }

    /** A live native segment's address, for the memory calls. */
    private static long range(MemorySegment m, String name) {
        Objects.requireNonNull(m, name);
        if (!m.isNative()) throw new IllegalArgumentException(name + ": heap segment where native memory is needed");
        if (!m.scope().isAlive()) throw new IllegalStateException(name + ": the segment's arena is closed");
        return m.address();
    }

    // ---- processes ----

    /** sched_getaffinity(2) into {@code mask} (at least 16 longs: 1024 CPUs); returns the kernel's mask size in bytes. */
    public static int schedGetaffinity(int pid, long[] mask) {
        return schedGetaffinity(pid, 128, mask);
    }

    /** sched_setaffinity(2) from {@code mask} (at least 16 longs: 1024 CPUs). */
    public static void schedSetaffinity(int pid, long[] mask) {
        schedSetaffinity(pid, 128, mask);
    }

    /** getgroups(2): the supplementary group ids of the calling thread. */
    public static int[] getgroups() {
        int n = getgroups(0, MemorySegment.NULL);
        try (Scratch a = Scratch.open()) {
            MemorySegment list = a.allocate(ValueLayout.JAVA_INT, Math.max(n, 1));
            int got = getgroups(n, list);
            return list.asSlice(0, 4L * got).toArray(ValueLayout.JAVA_INT);
        }
    }

    /** setgroups(2) of the calling thread (needs CAP_SETGID). */
    public static void setgroups(int[] gids) {
        Objects.requireNonNull(gids, "gids");
        try (Scratch a = Scratch.open()) {
            MemorySegment list = a.allocate(ValueLayout.JAVA_INT, Math.max(gids.length, 1));
            MemorySegment.copy(gids, 0, list, ValueLayout.JAVA_INT, 0, gids.length);
            setgroups(gids.length, list);
        }
    }

    // ---- signals: the kernel's sigset is 8 bytes ----

    /** rt_sigprocmask(2) of the calling thread; set and oldset may be null. */
    public static void rtSigprocmask(int how, Sigset set, Sigset oldset) {
        rtSigprocmask(how, set, oldset, Sigset.SIZE);
    }

    /** rt_sigpending(2): the signals pending for the calling thread. */
    public static void rtSigpending(Sigset set) {
        rtSigpending(set, Sigset.SIZE);
    }

    /** rt_sigtimedwait(2): the signal taken; info and timeout may be null. */
    public static int rtSigtimedwait(Sigset set, Siginfo info, Timespec timeout) {
        return rtSigtimedwait(set, info, timeout, Sigset.SIZE);
    }

    /** signalfd4(2): fd -1 makes a new descriptor. */
    public static int signalfd(int fd, Sigset mask, int flags) {
        return signalfd4(fd, mask, Sigset.SIZE, flags);
    }

    // ---- sockets ----

    /** bind(2) to any socket address struct. */
    public static void bind(int fd, Sockaddr sa) {
        Objects.requireNonNull(sa, "sa");
        bind(fd, ((Struct) sa).segment(), sa.socklen());
    }

    /** connect(2) to any socket address struct. */
    public static void connect(int fd, Sockaddr sa) {
        Objects.requireNonNull(sa, "sa");
        connect(fd, ((Struct) sa).segment(), sa.socklen());
    }

    /** accept4(2), the peer's address written into {@code sa} (may be null); returns the new socket. */
    public static int accept4(int fd, SockaddrAny sa, int flags) {
        return accept4(fd, sa, sa == null ? null : new int[] {sa.socklen()}, flags);
    }

    /** getsockname(2) into {@code sa}; returns the address's length. */
    public static int getsockname(int fd, SockaddrAny sa) {
        int[] len = {sa.socklen()};
        getsockname(fd, sa, len);
        return len[0];
    }

    /** getpeername(2) into {@code sa}; returns the address's length. */
    public static int getpeername(int fd, SockaddrAny sa) {
        int[] len = {sa.socklen()};
        getpeername(fd, sa, len);
        return len[0];
    }

    /** getsockopt(2) of an int option (Go's GetsockoptInt). */
    public static int getsockoptInt(int fd, int level, int name) {
        try (Scratch a = Scratch.open()) {
            MemorySegment v = a.allocate(ValueLayout.JAVA_INT);
            getsockopt(fd, level, name, v, new int[] {4});
            return v.get(ValueLayout.JAVA_INT, 0);
        }
    }

    /**
     * getsockopt(2) of a struct option ({@link Ucred} for SO_PEERCRED, {@link Linger} for SO_LINGER,
     * ...): the kernel writes at most the struct's size. Returns the option's length.
     */
    public static int getsockopt(int fd, int level, int name, Struct value) {
        Objects.requireNonNull(value, "value");
        int[] len = {(int) value.segment().byteSize()};
        getsockopt(fd, level, name, value.segment(), len);
        return len[0];
    }

    /** setsockopt(2) of a struct option ({@link Linger} for SO_LINGER, ...). */
    public static void setsockopt(int fd, int level, int name, Struct value) {
        Objects.requireNonNull(value, "value");
        setsockopt(fd, level, name, value.segment(), value.segment().byteSize());
    }

    /** setsockopt(2) of an int option (Go's SetsockoptInt). */
    public static void setsockoptInt(int fd, int level, int name, int value) {
        try (Scratch a = Scratch.open()) {
            setsockopt(fd, level, name, a.allocateFrom(ValueLayout.JAVA_INT, value), 4);
        }
    }

    // ---- System V messages: a buffer is {long mtype; char mtext[]} ----

    /** msgsnd(2) of a native message buffer: 8 bytes of type, then the text. */
    public static void msgsnd(int id, MemorySegment msg, int flags) {
        msgsnd(id, msgbuf(msg), msg.byteSize() - 8, flags);
    }

    /** msgrcv(2) into a native message buffer (type, then up to byteSize - 8 bytes of text); returns the text's length. */
    public static int msgrcv(int id, MemorySegment msg, long typ, int flags) {
        return msgrcv(id, msgbuf(msg), msg.byteSize() - 8, typ, flags);
    }

    private static MemorySegment msgbuf(MemorySegment msg) {
        range(msg, "msg");
        if (msg.byteSize() < 8) throw new IllegalArgumentException("msg: a message buffer starts with its 8-byte type");
        if (msg.isReadOnly()) throw new IllegalArgumentException("msg: read-only buffer");
        return msg;
    }
}
