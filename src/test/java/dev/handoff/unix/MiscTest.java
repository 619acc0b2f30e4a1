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
import java.util.Arrays;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.handoff.syscall.Errno;
import dev.handoff.syscall.SyscallException;

/** The system: uname, sysinfo, getrandom, namespaces and mounts (as root), System V messages, io_uring, landlock. */
class MiscTest {
    @TempDir Path dir;

    @Test
    void getrandomGivesDifferentBytes() {
        byte[] a = new byte[32], b = new byte[32];
        assertEquals(32, Unix.getrandom(a, 0));
        assertEquals(32, Unix.getrandom(b, 0));
        assertFalse(Arrays.equals(a, b), "two draws of 256 bits differ");
        assertFalse(Arrays.equals(a, new byte[32]));
    }

    @Test
    void unameAndSysinfo() {
        try (Arena a = Arena.ofConfined()) {
            Utsname u = new Utsname(a);
            Unix.uname(u);
            assertEquals("Linux", u.sysname());
            assertEquals(System.getProperty("os.version"), u.release());
            Sysinfo si = new Sysinfo(a);
            Unix.sysinfo(si);
            assertTrue(si.uptime() > 0);
            assertTrue(si.procs() > 0);
            assertTrue(si.totalram() > 0);
        }
    }

    @Test
    void namespacesAsRoot() throws Exception {
        Unix.unshare(0);                                             // nothing to unshare: always allowed
        Assumptions.assumeTrue(root(), "setns needs CAP_SYS_ADMIN (CI runs as root)");
        int fd = Unix.open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC, 0);
        try {
            Unix.setns(fd, CLONE_NEWUTS);                            // rejoin our own UTS namespace
        } catch (SyscallException e) {
            skipIf(e, "setns refused in this container", Errno.EPERM);
        } finally {
            Unix.close(fd);
        }
    }

    @Test
    void mountTmpfsAsRoot() throws Exception {
        Assumptions.assumeTrue(root(), "mount needs CAP_SYS_ADMIN (CI runs as root)");
        String target = dir.toString();
        try {
            Unix.mount("handoff", target, "tmpfs", 0, "size=1m");
        } catch (SyscallException e) {
            skipIf(e, "mount refused in this container", Errno.EPERM, Errno.EACCES);
        }
        try {
            Files.writeString(dir.resolve("on-tmpfs"), "x");
            try (Arena a = Arena.ofConfined()) {
                Statfs fs = new Statfs(a);
                Unix.statfs(target, fs);
                assertEquals(0x01021994L, fs.type(), "TMPFS_MAGIC: the mount is there");
            }
        } finally {
            Unix.umount2(target, MNT_DETACH);
        }
        assertFalse(Files.exists(dir.resolve("on-tmpfs")), "unmounted: the file went with the tmpfs");
    }

    @Test
    void systemVMessageQueue() {
        int id = Unix.msgget(IPC_PRIVATE, IPC_CREAT | 0600);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment msg = a.allocate(8 + 5, 8);
            msg.set(ValueLayout.JAVA_LONG, 0, 7);
            MemorySegment.copy("hello".getBytes(StandardCharsets.UTF_8), 0, msg, ValueLayout.JAVA_BYTE, 8, 5);
            Unix.msgsnd(id, msg, 0);
            MemorySegment got = a.allocate(8 + 64, 8);
            int n = Unix.msgrcv(id, got, 0, IPC_NOWAIT);
            assertEquals(5, n);
            assertEquals(7, got.get(ValueLayout.JAVA_LONG, 0));
            assertEquals("hello", new String(got.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
            assertTrue(assertThrows(SyscallException.class, () -> Unix.msgrcv(id, got, 0, IPC_NOWAIT)).is(Errno.ENOMSG));
        } finally {
            Unix.msgctl(id, IPC_RMID, MemorySegment.NULL);
        }
        assertTrue(assertThrows(SyscallException.class, () -> Unix.msgctl(id, IPC_RMID, MemorySegment.NULL)).errno() != null);
    }

    @Test
    void ioUringSetup() {
        int[] params = new int[30];
        int fd;
        try {
            fd = Unix.ioUringSetup(4, params);
        } catch (SyscallException e) {
            skipIf(e, "io_uring is disabled here", Errno.ENOSYS, Errno.EPERM);
            return;
        }
        try {
            assertEquals(4, params[0], "sq_entries");
            assertEquals(8, params[1], "cq_entries: twice the submission queue");
            assertEquals(0, Unix.ioUringEnter(fd, 0, 0, 0, MemorySegment.NULL, 0), "nothing to submit");
        } finally {
            Unix.close(fd);
        }
    }

    @Test
    void landlockAbiVersion() {
        try {
            assertTrue(Unix.landlockCreateRuleset(MemorySegment.NULL, 0, LANDLOCK_CREATE_RULESET_VERSION) >= 1);
        } catch (SyscallException e) {
            skipIf(e, "landlock is not enabled in this kernel", Errno.ENOSYS, Errno.EOPNOTSUPP);
        }
    }
}
