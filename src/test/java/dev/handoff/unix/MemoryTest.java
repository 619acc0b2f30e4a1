package dev.handoff.unix;

import static dev.handoff.unix.K.*;
import static dev.handoff.unix.ZConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.handoff.syscall.Errno;
import dev.handoff.syscall.SyscallException;

/** Memory: mappings written and read back, advice the kernel acts on, memfd shared with a descriptor. */
class MemoryTest {
    static final long PAGE = 4096;

    @Test
    void anonymousMappingWrittenReadAndDiscarded() {
        MemorySegment m = Unix.mmap(-1, 0, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
        try {
            m.set(ValueLayout.JAVA_LONG, 0, 0x1122334455667788L);
            m.set(ValueLayout.JAVA_LONG, PAGE, 42);
            assertEquals(0x1122334455667788L, m.get(ValueLayout.JAVA_LONG, 0));
            byte[] vec = new byte[2];
            Unix.mincore(m, vec);
            assertEquals(1, vec[0] & 1, "the written page is resident");
            Unix.madvise(m.asSlice(PAGE, PAGE), MADV_DONTNEED);
            assertEquals(0, m.get(ValueLayout.JAVA_LONG, PAGE), "MADV_DONTNEED dropped the private page");
            assertEquals(0x1122334455667788L, m.get(ValueLayout.JAVA_LONG, 0), "the other page is untouched");
            Unix.mprotect(m, PROT_READ);
            Unix.mprotect(m, PROT_READ | PROT_WRITE);
            try {
                Unix.mlock(m.asSlice(0, PAGE));
                Unix.munlock(m.asSlice(0, PAGE));
            } catch (SyscallException e) {
                skipIf(e, "RLIMIT_MEMLOCK too low", Errno.ENOMEM, Errno.EPERM);
            }
            MemorySegment bigger = Unix.mremap(m, 4 * PAGE, MREMAP_MAYMOVE);
            m = bigger;
            assertEquals(0x1122334455667788L, m.get(ValueLayout.JAVA_LONG, 0), "contents move with the mapping");
            m.set(ValueLayout.JAVA_LONG, 3 * PAGE, 7);
        } finally {
            Unix.munmap(m);
        }
    }

    @Test
    void memfdSharedMappingSeenThroughTheDescriptor() {
        int fd = Unix.memfdCreate("handoff-test", MFD_CLOEXEC);
        try {
            Unix.ftruncate(fd, PAGE);
            MemorySegment m = Unix.mmap(fd, 0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED);
            try {
                MemorySegment.copy("shared".getBytes(StandardCharsets.UTF_8), 0, m, ValueLayout.JAVA_BYTE, 100, 6);
                Unix.msync(m, MS_SYNC);
                byte[] b = new byte[6];
                assertEquals(6, Unix.pread(fd, b, 100));
                assertEquals("shared", new String(b, StandardCharsets.UTF_8), "the kernel's page cache has the bytes");
                Unix.pwrite(fd, "back".getBytes(StandardCharsets.UTF_8), 200);
                assertEquals('b', (char) m.get(ValueLayout.JAVA_BYTE, 200), "and the mapping sees the write");
            } finally {
                Unix.munmap(m);
            }
        } finally {
            Unix.close(fd);
        }
    }

    @Test
    void membarrierAndLockAll() {
        int cmds = Unix.membarrier(0, 0, 0);                       // MEMBARRIER_CMD_QUERY
        assertTrue(cmds >= 0);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment heap = MemorySegment.ofArray(new byte[16]);
            assertThrows(IllegalArgumentException.class, () -> Unix.madvise(heap, MADV_DONTNEED), "heap memory is refused");
            MemorySegment closed;
            try (Arena b = Arena.ofConfined()) {
                closed = b.allocate(PAGE, PAGE);
            }
            assertThrows(IllegalStateException.class, () -> Unix.mlock(closed));
            assertNotNull(a);
        }
    }

    @Test
    void optionalMemoryFacilities() {
        for (String what : new String[] {"memfd_secret", "userfaultfd", "pkey"}) {
            try {
                switch (what) {
                    case "memfd_secret" -> Unix.close(Unix.memfdSecret(0));
                    case "userfaultfd" -> Unix.close(Unix.userfaultfd(02000000 /* O_CLOEXEC */));
                    default -> Unix.pkeyFree(Unix.pkeyAlloc(0, 0));
                }
            } catch (SyscallException e) {
                // Each is optional (a boot parameter, a sysctl, a CPU feature): the kernel's refusal is the answer.
                assertTrue(e.is(Errno.ENOSYS) || e.is(Errno.EPERM) || e.is(Errno.EINVAL) || e.is(Errno.ENOSPC),
                        what + ": " + e.getMessage());
            }
        }
    }

    @Test
    void processMadviseOnOurselves() {
        MemorySegment m = Unix.mmap(-1, 0, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
        int pidfd = Unix.pidfdOpen(Unix.getpid(), 0);
        try (Arena a = Arena.ofConfined()) {
            StructArray<Iovec> iov = Iovec.array(a, 1);
            iov.get(0).set(m);
            try {
                assertEquals(PAGE, Unix.processMadvise(pidfd, iov, 20 /* MADV_COLD */, 0));
            } catch (SyscallException e) {
                skipIf(e, "process_madvise is not available", Errno.ENOSYS, Errno.EPERM, Errno.EINVAL);
            }
        } finally {
            Unix.close(pidfd);
            Unix.munmap(m);
        }
    }
}
