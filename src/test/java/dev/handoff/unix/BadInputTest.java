package dev.handoff.unix;

import static dev.handoff.unix.K.*;
import static dev.handoff.unix.ZConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.handoff.syscall.Errno;
import dev.handoff.syscall.SyscallException;

/**
 * Bad input is refused before any system call: each case also checks, where the kernel would show it,
 * that nothing happened (the pipe stays empty, no file appears).
 */
class BadInputTest {
    @TempDir Path dir;
    int[] p;

    @BeforeEach
    void pipe() { p = Unix.pipe2(O_CLOEXEC | O_NONBLOCK); }

    @AfterEach
    void close() {
        Unix.close(p[0]);
        Unix.close(p[1]);
    }

    /** True when the pipe has no bytes: nothing was written by the refused call. */
    boolean pipeEmpty() {
        try {
            Unix.read(p[0], new byte[1]);
            return false;
        } catch (SyscallException e) {
            return e.is(Errno.EAGAIN);
        }
    }

    @Test
    void arrayRanges() {
        byte[] b = new byte[8];
        assertThrows(IndexOutOfBoundsException.class, () -> Unix.write(p[1], b, -1, 2), "negative offset");
        assertThrows(IndexOutOfBoundsException.class, () -> Unix.write(p[1], b, 0, -1), "negative length");
        assertThrows(IndexOutOfBoundsException.class, () -> Unix.write(p[1], b, 6, 3), "offset+length beyond the array");
        assertThrows(IndexOutOfBoundsException.class, () -> Unix.write(p[1], b, Integer.MAX_VALUE, 2), "overflowing range");
        assertTrue(pipeEmpty());
        assertThrows(IndexOutOfBoundsException.class, () -> Unix.read(p[0], b, 4, 5));
    }

    @Test
    void nulls() {
        assertThrows(NullPointerException.class, () -> Unix.write(p[1], (byte[]) null));
        assertThrows(NullPointerException.class, () -> Unix.write(p[1], (ByteBuffer) null));
        assertThrows(NullPointerException.class, () -> Unix.write(p[1], (MemorySegment) null));
        assertThrows(NullPointerException.class, () -> Unix.write(p[1], null, 0, 0));
        assertTrue(pipeEmpty());
        assertThrows(NullPointerException.class, () -> Unix.openat(AT_FDCWD, null, O_RDONLY, 0));
        assertThrows(NullPointerException.class, () -> Unix.fstat(p[0], null), "a struct the kernel needs");
        assertThrows(NullPointerException.class, () -> Unix.pipe2(null, 0));
        assertThrows(NullPointerException.class, () -> Unix.epollWait(0, null, 0));
        NullPointerException npe = assertThrows(NullPointerException.class, () -> Unix.clockGettime(CLOCK_MONOTONIC, null));
        assertEquals("time", npe.getMessage(), "the parameter is named");
    }

    @Test
    void stringsWithNulAndOverlongPaths() {
        String withNul = dir + "/a\0b";
        SyscallException e = assertThrows(SyscallException.class, () -> Unix.openat(AT_FDCWD, withNul, O_CREAT | O_WRONLY, 0600));
        assertEquals("openat: EINVAL (Invalid argument)", e.getMessage());
        assertFalse(Files.exists(dir.resolve("a")), "the truncated name was not created");
        String longPath = dir + "/" + "x".repeat(5000);
        SyscallException tooLong = assertThrows(SyscallException.class, () -> Unix.openat(AT_FDCWD, longPath, O_CREAT | O_WRONLY, 0600));
        assertTrue(tooLong.is(Errno.ENAMETOOLONG));
        assertEquals("mkdirat", assertThrows(SyscallException.class, () -> Unix.mkdir("x".repeat(4096), 0700)).syscall());
        Unix.close(Unix.creat(dir.resolve("x".repeat(200)).toString(), 0600));   // long, but legal
    }

    @Test
    void closedAndReadOnlyMemory() {
        MemorySegment dead;
        Timespec deadTs;
        try (Arena a = Arena.ofConfined()) {
            dead = a.allocate(16);
            deadTs = new Timespec(a);
        }
        assertThrows(IllegalStateException.class, () -> Unix.read(p[0], dead));
        assertThrows(IllegalStateException.class, () -> Unix.clockGettime(CLOCK_MONOTONIC, deadTs));
        Unix.write(p[1], new byte[] {9});
        assertThrows(IllegalArgumentException.class, () -> Unix.read(p[0], ByteBuffer.allocateDirect(4).asReadOnlyBuffer()));
        assertThrows(IllegalArgumentException.class, () -> Unix.read(p[0], ByteBuffer.allocate(4).asReadOnlyBuffer()));
        assertFalse(pipeEmpty(), "the byte is still there: neither read was made");
        ByteBuffer ro = ByteBuffer.wrap(new byte[] {1, 2}).asReadOnlyBuffer();
        assertEquals(2, Unix.write(p[1], ro), "a read-only buffer is fine to write from");
        assertThrows(IllegalArgumentException.class, () -> Unix.socketpair(AF_UNIX, SOCK_STREAM, 0, new int[1]), "needs 2 ints");
        assertThrows(IllegalArgumentException.class, () -> Unix.munmap(MemorySegment.ofArray(new byte[4096])), "heap memory");
        assertThrows(IllegalArgumentException.class, () -> Unix.bind(p[0], MemorySegment.ofArray(new byte[16]), 16), "heap pointer");
    }

    @Test
    void closedDescriptorIsEbadfNamingTheCall() {
        int fd = Unix.dup(p[0]);
        Unix.close(fd);
        assertEquals("read: EBADF (Bad file descriptor)", assertThrows(SyscallException.class, () -> Unix.read(fd, new byte[1])).getMessage());
        assertEquals("pwrite64", assertThrows(SyscallException.class, () -> Unix.pwrite(fd, new byte[1], 0)).syscall());
        assertEquals("newfstatat", assertThrows(SyscallException.class, () -> Unix.fstatat(fd, "x", new Stat(Arena.ofAuto()), 0)).syscall());
        assertEquals("epoll_ctl", assertThrows(SyscallException.class, () -> Unix.epollCtl(fd, EPOLL_CTL_ADD, fd, null)).syscall());
    }
}
