package dev.handoff.syscall;

import static dev.handoff.syscall.SysNum.*;
import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The four entry points against the real kernel. */
class SyscallTest {
    private static final int O_CLOEXEC = 0x80000;
    private static final int PROT_READ = 1, PROT_WRITE = 2, MAP_PRIVATE = 2, MAP_ANONYMOUS = 0x20;

    @Test
    void usesTheTrampolineOnThisMachine() {
        assertEquals("trampoline, exit=stub, stub copies 63", Syscall.implementation(),
                "the run-time SYSCALL trampoline should be usable here, returning past the critical stub's epilogue");
    }

    @Test
    void getpidIsThisProcess() {
        long pid = ProcessHandle.current().pid();
        assertEquals(pid, Syscall.rawSyscall(SYS_GETPID, 0, 0, 0));
        assertEquals(pid, Syscall.syscall(SYS_GETPID, 0, 0, 0));
        assertEquals(pid, Syscall.rawSyscall6(SYS_GETPID, 0, 0, 0, 0, 0, 0));
        assertEquals(pid, Syscall.syscall6(SYS_GETPID, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void closeOfABadDescriptorIsEbadfWithItsNameAndMessage() {
        long r = Syscall.syscall(SYS_CLOSE, -1, 0, 0);
        assertTrue(Errno.isError(r));
        assertEquals(-9, r);
        assertEquals(Errno.EBADF, Errno.of(Errno.errnoOf(r)));
        SyscallException e = assertThrows(SyscallException.class, () -> Errno.check(r, "close"));
        assertEquals("close", e.syscall());
        assertEquals(9, e.errnoNumber());
        assertEquals(Errno.EBADF, e.errno());
        assertEquals("close: EBADF (Bad file descriptor)", e.getMessage());
        assertEquals(0, e.getStackTrace().length, "EBADF is a hot errno: no stack trace");
    }

    @Test
    void coldErrnosKeepTheirStackTrace() {
        SyscallException e = SyscallException.of("mount", Errno.EPERM.number());
        assertEquals("mount: EPERM (Operation not permitted)", e.getMessage());
        assertTrue(e.getStackTrace().length > 0);
        assertEquals("ioctl: errno 4000", SyscallException.of("ioctl", 4000).getMessage());
        assertNull(SyscallException.of("ioctl", 4000).errno());
    }

    @Test
    void anUnknownTrapIsEnosysNotACrash() {
        assertEquals(-Errno.ENOSYS.number(), Syscall.syscall(99_999, 0, 0, 0));
        assertEquals(-Errno.ENOSYS.number(), Syscall.rawSyscall6(-1, 1, 2, 3, 4, 5, 6));
        assertEquals(-Errno.ENOSYS.number(), Syscall.syscall(SysNum.NONE, 0, 0, 0));
    }

    @Test
    void isErrorFollowsTheKernelRule() {
        assertFalse(Errno.isError(0));
        assertFalse(Errno.isError(Long.MAX_VALUE));
        assertTrue(Errno.isError(-1));
        assertTrue(Errno.isError(-4095));
        assertFalse(Errno.isError(-4096), "an address in the top page range is a result, not an errno");
        assertFalse(Errno.isError(Long.MIN_VALUE));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void bytesRoundTripThroughAPipe(boolean raw) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
            Errno.check(Syscall.rawSyscall(SYS_PIPE2, fds.address(), O_CLOEXEC, 0), "pipe2");
            int r = fds.getAtIndex(ValueLayout.JAVA_INT, 0), w = fds.getAtIndex(ValueLayout.JAVA_INT, 1);
            try {
                byte[] msg = "handoff: bytes through the kernel".getBytes(StandardCharsets.UTF_8);
                MemorySegment out = arena.allocateFrom(ValueLayout.JAVA_BYTE, msg);
                MemorySegment in = arena.allocate(64);
                long n = raw ? Syscall.rawSyscall(SYS_WRITE, w, out.address(), msg.length)
                             : Syscall.syscall(SYS_WRITE, w, out.address(), msg.length);
                assertEquals(msg.length, n);
                long m = raw ? Syscall.rawSyscall(SYS_READ, r, in.address(), in.byteSize())
                             : Syscall.syscall(SYS_READ, r, in.address(), in.byteSize());
                assertEquals(msg.length, m);
                assertArrayEquals(msg, in.asSlice(0, m).toArray(ValueLayout.JAVA_BYTE));
            } finally {
                Syscall.rawSyscall(SYS_CLOSE, r, 0, 0);
                Syscall.rawSyscall(SYS_CLOSE, w, 0, 0);
            }
        }
    }

    @Test
    void sixArgumentsReachTheKernel_mmapAndMunmap() {
        long len = 2 * 4096;
        long addr = Errno.check(Syscall.syscall6(SYS_MMAP, 0, len, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), "mmap");
        MemorySegment mem = MemorySegment.ofAddress(addr).reinterpret(len);
        mem.set(ValueLayout.JAVA_LONG, 4096, 0x1234_5678_9abc_def0L);
        assertEquals(0x1234_5678_9abc_def0L, mem.get(ValueLayout.JAVA_LONG, 4096));
        assertEquals(0, Syscall.rawSyscall(SYS_MUNMAP, addr, len, 0));
        // The sixth argument (offset) is checked by the kernel: an unaligned one is EINVAL.
        assertEquals(-Errno.EINVAL.number(), Syscall.syscall6(SYS_MMAP, 0, len, PROT_READ,
                MAP_PRIVATE | MAP_ANONYMOUS, -1, 123));
    }

    @Test
    void sixArgumentsReachTheKernel_preadAndPwriteAtAnOffset() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("handoff", ".bin");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment path = arena.allocateFrom(f.toString());
            int fd = (int) Errno.check(Syscall.syscall6(SYS_OPENAT, -100 /* AT_FDCWD */, path.address(),
                    2 /* O_RDWR */ | O_CLOEXEC, 0, 0, 0), "openat");
            try {
                MemorySegment buf = arena.allocateFrom(ValueLayout.JAVA_BYTE, new byte[] {7, 8, 9});
                assertEquals(3, Syscall.syscall6(SYS_PWRITE64, fd, buf.address(), 3, 1000, 0, 0));
                assertEquals(1003, java.nio.file.Files.size(f), "the offset (4th argument) was honoured");
                MemorySegment back = arena.allocate(3);
                assertEquals(3, Syscall.syscall6(SYS_PREAD64, fd, back.address(), 3, 1000, 0, 0));
                assertArrayEquals(new byte[] {7, 8, 9}, back.toArray(ValueLayout.JAVA_BYTE));
            } finally {
                Syscall.rawSyscall(SYS_CLOSE, fd, 0, 0);
            }
        } finally {
            java.nio.file.Files.deleteIfExists(f);
        }
    }

    /** 100,000 failing calls over 200 virtual threads that yield between calls: every errno right. */
    @Test
    void errnoIsRightOnEveryCallFromVirtualThreads() throws Exception {
        int threads = 200, perThread = 500;
        long noSuchPid = 0x3fff_ffffL;
        AtomicLong wrong = new AtomicLong(), calls = new AtomicLong();
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int kind = t % 3;
            ts[t] = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    long r; Errno want;
                    switch ((kind + i) % 3) {
                        case 0 -> { r = Syscall.syscall(SYS_CLOSE, -1, 0, 0); want = Errno.EBADF; }
                        case 1 -> { r = Syscall.syscall(SYS_KILL, noSuchPid, 0, 0); want = Errno.ESRCH; }
                        default -> { r = Syscall.rawSyscall(SYS_MUNMAP, 1, 4096, 0); want = Errno.EINVAL; }
                    }
                    calls.incrementAndGet();
                    if (r != -want.number()) wrong.incrementAndGet();
                    Thread.yield();
                }
            });
        }
        for (Thread t : ts) t.join();
        assertEquals(100_000, calls.get());
        assertEquals(0, wrong.get(), "errno wrong in " + wrong.get() + " of 100,000 calls");
    }
}
