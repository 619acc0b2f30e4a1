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

/** More of the file family: vectored I/O, FIFOs, renames that refuse, descriptors closed in ranges, fanotify. */
class FilesMoreTest {
    @TempDir Path dir;

    static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Test
    void vectoredReadsAndWritesAtOffsets() throws Exception {
        String p = dir.resolve("v").toString();
        int fd = Unix.openat(AT_FDCWD, p, O_CREAT | O_RDWR | O_CLOEXEC, 0600);
        try (Arena a = Arena.ofConfined()) {
            StructArray<Iovec> out = Iovec.array(a, 2);
            out.get(0).set(a.allocateFrom(ValueLayout.JAVA_BYTE, bytes("head-")));
            out.get(1).set(a.allocateFrom(ValueLayout.JAVA_BYTE, bytes("tail")));
            assertEquals(9, Unix.pwritev(fd, out, 3));
            assertEquals("\0\0\0head-tail", Files.readString(Path.of(p)));
            MemorySegment b1 = a.allocate(2), b2 = a.allocate(7);
            StructArray<Iovec> in = Iovec.array(a, 2);
            in.get(0).set(b1);
            in.get(1).set(b2);
            assertEquals(9, Unix.preadv(fd, in, 3));
            assertEquals("he", new String(b1.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
            assertEquals("ad-tail", new String(b2.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
            Unix.readahead(fd, 0, 4096);
        } finally {
            Unix.close(fd);
        }
    }

    @Test
    void fifoMadeByMknodatCarriesBytes() throws Exception {
        String f = dir.resolve("fifo").toString();
        Unix.mknodat(AT_FDCWD, f, S_IFIFO | 0600, 0);
        assertTrue(Files.isRegularFile(Path.of(f)) == false && Files.exists(Path.of(f)));
        int r = Unix.open(f, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
        int w = Unix.open(f, O_WRONLY | O_CLOEXEC, 0);
        try {
            assertEquals(3, Unix.write(w, bytes("fif")));
            byte[] b = new byte[3];
            assertEquals(3, Unix.read(r, b));
            assertEquals("fif", new String(b, StandardCharsets.UTF_8));
        } finally {
            Unix.close(r);
            Unix.close(w);
        }
    }

    @Test
    void renamesAndOwnership() throws Exception {
        String a = dir.resolve("a").toString(), b = dir.resolve("b").toString();
        Unix.close(Unix.creat(a, 0600));
        Unix.close(Unix.creat(b, 0600));
        SyscallException e = assertThrows(SyscallException.class, () -> Unix.renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_NOREPLACE));
        assertTrue(e.is(Errno.EEXIST), e.getMessage());
        Unix.renameat(AT_FDCWD, a, AT_FDCWD, b);
        assertFalse(Files.exists(Path.of(a)));
        Unix.fchownat(AT_FDCWD, b, Unix.getuid(), Unix.getgid(), 0);
        try {
            Unix.faccessat2(AT_FDCWD, b, 2, AT_EACCESS);
        } catch (SyscallException x) {
            skipIf(x, "faccessat2 is not in this kernel", Errno.ENOSYS);
        }
        assertTrue(assertThrows(SyscallException.class, () -> Unix.faccessat(AT_FDCWD, a, 0)).is(Errno.ENOENT));
    }

    @Test
    void closeRangeClosesThemAll() {
        int[] p = Unix.pipe2(O_CLOEXEC);
        int lo = Math.min(p[0], p[1]), hi = Math.max(p[0], p[1]);
        Unix.closeRange(lo, hi, 0);
        assertTrue(assertThrows(SyscallException.class, () -> Unix.fcntl(p[0], F_GETFD, 0)).is(Errno.EBADF));
        assertTrue(assertThrows(SyscallException.class, () -> Unix.fcntl(p[1], F_GETFD, 0)).is(Errno.EBADF));
    }

    @Test
    void moreExtendedAttributes() throws Exception {
        String p = dir.resolve("x").toString();
        int fd = Unix.creat(p, 0600);
        try {
            try {
                Unix.fsetxattr(fd, "user.a", bytes("1"), 0);
            } catch (SyscallException e) {
                skipIf(e, "user xattrs not supported here", Errno.EOPNOTSUPP, Errno.EPERM);
            }
            Unix.lsetxattr(p, "user.b", bytes("22"), 0);
            byte[] v = new byte[8];
            assertEquals(2, Unix.fgetxattr(fd, "user.b", v));
            byte[] names = new byte[64];
            assertEquals("user.a\0user.b\0".length(), Unix.flistxattr(fd, names));
            assertEquals("user.a\0user.b\0".length(), Unix.llistxattr(p, names));
            Unix.fremovexattr(fd, "user.a");
            Unix.lremovexattr(p, "user.b");
            assertEquals(0, Unix.flistxattr(fd, names));
        } finally {
            Unix.close(fd);
        }
    }

    @Test
    void fanotifyReportsAnOpen() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(root(), "fanotify needs CAP_SYS_ADMIN (CI runs as root)");
        String p = dir.resolve("watched").toString();
        Unix.close(Unix.creat(p, 0600));
        int fan;
        try {
            fan = Unix.fanotifyInit(1 /* FAN_CLOEXEC */, O_RDONLY | O_CLOEXEC);
        } catch (SyscallException e) {
            skipIf(e, "fanotify refused here", Errno.EPERM, Errno.ENOSYS);
            return;
        }
        try (Arena a = Arena.ofConfined()) {
            Unix.fanotifyMark(fan, 1 /* FAN_MARK_ADD */, 0x20 /* FAN_OPEN */, AT_FDCWD, p);
            Unix.close(Unix.open(p, O_RDONLY | O_CLOEXEC, 0));
            MemorySegment buf = a.allocate(256, 8);
            int n = Unix.read(fan, buf);
            assertTrue(n >= 24, "one fanotify_event_metadata");
            assertEquals(0x20, buf.get(ValueLayout.JAVA_LONG, 8) & 0x20, "mask has FAN_OPEN");
            int eventFd = buf.get(ValueLayout.JAVA_INT, 16);
            assertEquals(Unix.getpid(), buf.get(ValueLayout.JAVA_INT, 20), "opened by us");
            if (eventFd >= 0) Unix.close(eventFd);
        } finally {
            Unix.close(fan);
        }
    }
}
