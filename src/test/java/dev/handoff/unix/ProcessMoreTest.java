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

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.handoff.syscall.Errno;
import dev.handoff.syscall.SyscallException;

/** More of the process family: pidfd_getfd, kcmp, process_vm_readv on ourselves, scheduling setters, credentials. */
class ProcessMoreTest {
    @TempDir Path dir;

    @Test
    void pidfdGetfdAndKcmpSeeTheSameFile() throws Exception {
        int fd = Unix.creat(dir.resolve("g").toString(), 0600);
        int pidfd = Unix.pidfdOpen(Unix.getpid(), 0);
        try {
            int copy = Unix.pidfdGetfd(pidfd, fd, 0);
            try {
                Unix.write(copy, "via copy".getBytes(StandardCharsets.UTF_8));
                assertEquals("via copy", Files.readString(dir.resolve("g")));
                try {
                    assertEquals(0, Unix.kcmp(Unix.getpid(), Unix.getpid(), 0 /* KCMP_FILE */, fd, copy), "same open file");
                } catch (SyscallException e) {
                    skipIf(e, "kcmp is not in this kernel", Errno.ENOSYS, Errno.EPERM);
                }
            } finally {
                Unix.close(copy);
            }
        } finally {
            Unix.close(pidfd);
            Unix.close(fd);
        }
    }

    @Test
    void processVmReadvCopiesOurOwnMemory() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment src = a.allocateFrom(ValueLayout.JAVA_BYTE, "remote bytes".getBytes(StandardCharsets.UTF_8));
            MemorySegment dst = a.allocate(src.byteSize());
            StructArray<Iovec> local = Iovec.array(a, 1), remote = Iovec.array(a, 1);
            local.get(0).set(dst);
            remote.get(0).set(src);
            try {
                assertEquals(12, Unix.processVmReadv(Unix.getpid(), local, remote, 0));
            } catch (SyscallException e) {
                skipIf(e, "process_vm_readv refused here", Errno.EPERM, Errno.ENOSYS);
            }
            assertEquals("remote bytes", new String(dst.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
            assertEquals(12, Unix.processVmWritev(Unix.getpid(), local, remote, 0), "and back");
        }
    }

    @Test
    void schedulingSettersKeepTheirValues() {
        int[] param = {0};
        Unix.schedSetscheduler(Unix.gettid(), 0 /* SCHED_OTHER */, param);
        Unix.schedSetparam(Unix.gettid(), param);
        assertEquals(0, Unix.schedGetPriorityMin(0));
        int prio = Unix.ioprioGet(1 /* IOPRIO_WHO_PROCESS */, Unix.gettid());
        assertTrue(prio >= 0);
        Unix.ioprioSet(1, Unix.gettid(), prio == 0 ? 4 /* best effort, level 4 */ | (2 << 13) : prio);
        assertTrue(Unix.ioprioGet(1, Unix.gettid()) != 0, "the kernel keeps the I/O priority");
    }

    @Test
    void credentialsSetToWhatTheyAre() {
        Unix.setreuid(-1, -1);
        Unix.setregid(-1, -1);
        Unix.setresgid(-1, -1, -1);
        Unix.setgid(Unix.getgid());
        Unix.setuid(Unix.getuid());
        int fsgid = Unix.setfsgid(-1);                           // -1 is never valid: answers the current one
        assertEquals(Unix.getegid(), fsgid);
        int[] hdr = {LINUX_CAPABILITY_VERSION_3, 0};
        int[] data = new int[6];
        Unix.capget(hdr, data);
        Unix.capset(hdr, data);                                  // the same sets: always allowed
        int sid = Unix.getsid(0);
        assertTrue(assertThrows(SyscallException.class, () -> Unix.setpgid(0, sid == Unix.getpid() ? 1 : Integer.MAX_VALUE)).errno() != null);
    }

    @Test
    void klogctlSizeAsRoot() {
        Assumptions.assumeTrue(root(), "reading the kernel log size needs CAP_SYSLOG (CI runs as root)");
        try {
            assertTrue(Unix.klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, new byte[0]) > 0);
        } catch (SyscallException e) {
            skipIf(e, "syslog refused in this container", Errno.EPERM);
        }
    }
}
