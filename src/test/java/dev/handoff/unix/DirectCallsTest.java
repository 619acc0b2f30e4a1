package dev.handoff.unix;

import static dev.handoff.unix.K.*;
import static dev.handoff.unix.ZConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.handoff.syscall.Errno;
import dev.handoff.syscall.SyscallException;

/**
 * The generated calls that the classic wrappers hide (fstatat under stat, mkdirat under mkdir, ...)
 * made directly, and a few more with effects the kernel shows: FIONREAD, vmsplice, futex, limits.
 */
class DirectCallsTest {
    @TempDir Path dir;

    @Test
    void atCallsAndGetdents() throws Exception {
        int dfd = Unix.open(dir.toString(), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        try (Arena a = Arena.ofConfined()) {
            Unix.mkdirat(dfd, "sub", 0700);
            assertTrue(Files.isDirectory(dir.resolve("sub")));
            Stat st = new Stat(a);
            Unix.fstatat(dfd, "sub", st, 0);
            assertEquals(040700, st.mode() & 0170777);
            StructArray<Timespec> times = Timespec.array(a, 2);
            times.get(0).sec(7);
            times.get(1).sec(9);
            Unix.utimensat(dfd, "sub", times, 0);
            Unix.fstatat(dfd, "sub", st, 0);
            assertEquals(9, st.mtim().sec());
            MemorySegment buf = a.allocate(4096, 8);
            int n = Unix.getdents(dfd, buf);
            java.util.List<String> names = new java.util.ArrayList<>();
            for (Dirent64 d : Dirent64.records(buf, n)) names.add(d.name());
            assertTrue(names.contains("sub"), names.toString());
            Unix.unlinkat(dfd, "sub", AT_REMOVEDIR);
            assertFalse(Files.exists(dir.resolve("sub")));
        } finally {
            Unix.close(dfd);
        }
    }

    @Test
    void ioctlFionreadAndVmsplice() {
        int[] p = Unix.pipe2(O_CLOEXEC);
        try (Arena a = Arena.ofConfined()) {
            StructArray<Iovec> iov = Iovec.array(a, 1);
            iov.get(0).set(a.allocateFrom(ValueLayout.JAVA_BYTE, "spliced".getBytes(StandardCharsets.UTF_8)));
            assertEquals(7, Unix.vmsplice(p[1], iov, 0));
            MemorySegment count = a.allocate(ValueLayout.JAVA_INT);
            Unix.ioctlPtr(p[0], 0x541B /* FIONREAD */, count);
            assertEquals(7, count.get(ValueLayout.JAVA_INT, 0), "the kernel counts the bytes in the pipe");
            Unix.ioctl(p[0], 0x541B, count.address());
            assertEquals(7, count.get(ValueLayout.JAVA_INT, 0));
        } finally {
            Unix.close(p[0]);
            Unix.close(p[1]);
        }
    }

    @Test
    void signalfd4AndMlock2() {
        try (Arena a = Arena.ofConfined()) {
            int fd = Unix.signalfd4(-1, Sigset.of(a, SIGUSR1), Sigset.SIZE, SFD_CLOEXEC);
            Unix.close(fd);
            MemorySegment m = Unix.mmap(-1, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
            try {
                Unix.mlock2(m, MLOCK_ONFAULT);
                Unix.munlock(m);
            } catch (SyscallException e) {
                skipIf(e, "RLIMIT_MEMLOCK too low", Errno.ENOMEM, Errno.EPERM);
            } finally {
                Unix.munmap(m);
            }
        }
    }

    @Test
    void futexWakeWithNoWaiters() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment word = a.allocate(ValueLayout.JAVA_INT);
            assertEquals(0, Unix.futex(word, 1 /* FUTEX_WAKE */ | 128 /* PRIVATE */, 1, null, MemorySegment.NULL, 0));
            SyscallException e = assertThrows(SyscallException.class,
                    () -> Unix.futex(word, 0 /* FUTEX_WAIT */ | 128, 1, new Timespec(a), MemorySegment.NULL, 0));
            assertTrue(e.is(Errno.EAGAIN), "the word is 0, not 1: " + e.getMessage());
        }
    }

    @Test
    void setrlimitToTheSameValueAndEpollPwait2() {
        try (Arena a = Arena.ofConfined()) {
            Rlimit lim = new Rlimit(a);
            Unix.getrlimit(RLIMIT_NOFILE, lim);
            Unix.setrlimit(RLIMIT_NOFILE, lim);
            int ep = Unix.epollCreate1(EPOLL_CLOEXEC);
            try {
                assertEquals(0, Unix.epollPwait2(ep, EpollEvent.array(a, 1), new Timespec(a), null, Sigset.SIZE));
            } catch (SyscallException e) {
                skipIf(e, "epoll_pwait2 is not in this kernel", Errno.ENOSYS);
            } finally {
                Unix.close(ep);
            }
        }
    }

    @Test
    void ioUringRegisterAnswersForAnEmptyRing() {
        int fd;
        try {
            fd = Unix.ioUringSetup(2, new int[30]);
        } catch (SyscallException e) {
            skipIf(e, "io_uring is disabled here", Errno.ENOSYS, Errno.EPERM);
            return;
        }
        try {
            SyscallException none = assertThrows(SyscallException.class,
                    () -> Unix.ioUringRegister(fd, 1 /* IORING_UNREGISTER_BUFFERS */, MemorySegment.NULL, 0));
            assertTrue(none.is(Errno.ENXIO), "no buffers were registered: " + none.getMessage());
        } finally {
            Unix.close(fd);
        }
    }
}
