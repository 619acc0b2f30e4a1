package dev.handoff.unix;

import static dev.handoff.unix.K.*;
import static dev.handoff.unix.ZConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.handoff.syscall.Errno;
import dev.handoff.syscall.SyscallException;

/** Files and directories, with real system calls in a temporary directory; effects checked with java.nio. */
class FilesTest {
    @TempDir Path dir;

    static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Test
    void createWritePreadFstatRenameUnlink() throws Exception {
        String a = dir.resolve("a").toString(), b = dir.resolve("b").toString();
        int fd = Unix.openat(AT_FDCWD, a, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0644);
        try {
            assertEquals(11, Unix.write(fd, bytes("hello world")));
            assertEquals("hello world", Files.readString(Path.of(a)), "the kernel has the bytes");
            byte[] buf = new byte[16];
            int n = Unix.pread(fd, buf, 6);
            assertEquals("world", new String(buf, 0, n, StandardCharsets.UTF_8));
            Stat st = new Stat(Arena.ofAuto());
            Unix.fstat(fd, st);
            assertEquals(11, st.size());
            assertEquals(0100644, st.mode() & 0170777, "regular file, mode 0644");

            Unix.rename(a, b);
            assertFalse(Files.exists(Path.of(a)));
            assertEquals("hello world", Files.readString(Path.of(b)));
            Unix.unlink(b);
            assertFalse(Files.exists(Path.of(b)));
            Unix.fstat(fd, st);
            assertEquals(0, st.nlink(), "unlinked, still open");
        } finally {
            Unix.close(fd);
        }
        SyscallException e = assertThrows(SyscallException.class, () -> Unix.close(fd));
        assertEquals("close: EBADF (Bad file descriptor)", e.getMessage());
        SyscallException gone = assertThrows(SyscallException.class, () -> Unix.open(a, O_RDONLY, 0));
        assertTrue(gone.is(Errno.ENOENT));
        assertEquals("openat", gone.syscall());
    }

    @Test
    void everyBufferKindReadsAndWrites() throws Exception {
        int fd = Unix.creat(dir.resolve("f").toString(), 0600);
        try (Arena arena = Arena.ofConfined()) {
            ByteBuffer direct = ByteBuffer.allocateDirect(4).put(bytes("dire")).flip();
            assertEquals(4, Unix.write(fd, direct));
            assertEquals(4, direct.position(), "position advanced by n");
            ByteBuffer heap = ByteBuffer.wrap(bytes("xxheapxx"), 2, 4);
            assertEquals(4, Unix.write(fd, heap));
            assertEquals(6, heap.position());
            assertEquals(4, Unix.write(fd, arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes("segm"))));
            assertEquals(4, Unix.write(fd, MemorySegment.ofArray(bytes("heap"))));
            assertEquals(3, Unix.write(fd, bytes("..abc.."), 2, 3));
            assertEquals(0, Unix.write(fd, new byte[0]), "an empty slice still passes a valid pointer");
            assertEquals(0, Unix.write(fd, MemorySegment.NULL), "the zero-length NULL segment too");
        } finally {
            Unix.close(fd);
        }
        String path = dir.resolve("f").toString();
        assertEquals("direheapsegmheapabc", Files.readString(Path.of(path)));
        int rd = Unix.open(path, O_RDONLY | O_CLOEXEC, 0);
        try (Arena arena = Arena.ofConfined()) {
            ByteBuffer d = ByteBuffer.allocateDirect(4);
            assertEquals(4, Unix.read(rd, d));
            assertEquals(4, d.position());
            assertEquals("dire", StandardCharsets.UTF_8.decode(d.flip()).toString());
            ByteBuffer h = ByteBuffer.allocate(4);
            assertEquals(4, Unix.pread(rd, h, 4));
            assertEquals("heap", new String(h.array(), StandardCharsets.UTF_8));
            MemorySegment s = arena.allocate(4);
            assertEquals(4, Unix.pread(rd, s, 8));
            assertEquals("segm", new String(s.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
            byte[] arr = bytes("________");
            assertEquals(3, Unix.pread(rd, arr, 2, 3, 16));
            assertEquals("__abc___", new String(arr, StandardCharsets.UTF_8), "only the range is written");
            assertEquals(19, Unix.seek(rd, 0, SEEK_END));
            assertEquals(0, Unix.read(rd, new byte[8]), "end of file");
        } finally {
            Unix.close(rd);
        }
    }

    @Test
    void directoriesLinksAndReaddir() throws Exception {
        String d = dir.resolve("d").toString();
        Unix.mkdir(d, 0755);
        assertTrue(Files.isDirectory(Path.of(d)));
        Unix.close(Unix.creat(d + "/one", 0644));
        Unix.symlinkat("one", AT_FDCWD, d + "/link");
        Unix.linkat(AT_FDCWD, d + "/one", AT_FDCWD, d + "/hard", 0);
        byte[] target = new byte[64];
        int n = Unix.readlinkat(AT_FDCWD, d + "/link", target);
        assertEquals("one", new String(target, 0, n, StandardCharsets.UTF_8));
        Stat st = new Stat(Arena.ofAuto());
        Unix.lstat(d + "/link", st);
        assertEquals(0120000, st.mode() & 0170000, "lstat sees the link");
        Unix.stat(d + "/link", st);
        assertEquals(0100000, st.mode() & 0170000, "stat follows it");
        assertEquals(2, st.nlink(), "one and hard");

        int fd = Unix.open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        try {
            List<String> names = Unix.readdir(fd).stream().map(DirEntry::name).sorted().toList();
            assertEquals(List.of(".", "..", "hard", "link", "one"), names);
        } finally {
            Unix.close(fd);
        }
        SyscallException e = assertThrows(SyscallException.class, () -> Unix.rmdir(d));
        assertTrue(e.is(Errno.ENOTEMPTY), e.getMessage());
        for (String f : List.of("one", "link", "hard")) Unix.unlink(d + "/" + f);
        Unix.rmdir(d);
        assertFalse(Files.exists(Path.of(d)));
    }

    @Test
    void statxTruncateAllocateAndSync() throws Exception {
        String p = dir.resolve("s").toString();
        int fd = Unix.openat(AT_FDCWD, p, O_CREAT | O_RDWR | O_CLOEXEC, 0600);
        try (Arena arena = Arena.ofConfined()) {
            Unix.ftruncate(fd, 1000);
            assertEquals(1000, Files.size(Path.of(p)));
            Statx sx = new Statx(arena);
            Unix.statx(AT_FDCWD, p, 0, STATX_BASIC_STATS, sx);
            assertEquals(1000, sx.size());
            Unix.truncate(p, 10);
            assertEquals(10, Files.size(Path.of(p)));
            try {
                Unix.fallocate(fd, 0, 0, 8192);
                assertEquals(8192, Files.size(Path.of(p)));
            } catch (SyscallException e) {
                skipIf(e, "fallocate not supported by this file system", Errno.EOPNOTSUPP);
            }
            Unix.fadvise(fd, 0, 0, 0);
            Unix.syncFileRange(fd, 0, 0, 0);
            Unix.fsync(fd);
            Unix.fdatasync(fd);
            Unix.syncfs(fd);
            Statfs fs = new Statfs(arena);
            Unix.fstatfs(fd, fs);
            assertTrue(fs.bsize() > 0);
            Unix.statfs(p, fs);
            assertTrue(fs.blocks() > 0);
        } finally {
            Unix.close(fd);
        }
    }

    @Test
    void kernelCopiesSendfileCopyFileRangeSpliceTee() throws Exception {
        Path src = dir.resolve("src");
        Files.writeString(src, "0123456789");
        int in = Unix.open(src.toString(), O_RDONLY | O_CLOEXEC, 0);
        int out = Unix.creat(dir.resolve("dst").toString(), 0600);
        int[] p = Unix.pipe2(O_CLOEXEC);
        int[] q = Unix.pipe();
        try {
            long[] off = {2};
            assertEquals(3, Unix.sendfile(out, in, off, 3));
            assertEquals(5, off[0], "the offset is updated");
            assertEquals(4, Unix.copyFileRange(in, new long[] {6}, out, null, 4, 0));
            assertEquals("2346789", Files.readString(dir.resolve("dst")));

            assertEquals(5, Unix.splice(in, new long[] {0}, p[1], null, 5, 0));
            assertEquals(5, Unix.tee(p[0], q[1], 5, 0), "tee duplicates without consuming");
            byte[] b = new byte[8];
            assertEquals(5, Unix.read(q[0], b));
            assertEquals("01234", new String(b, 0, 5, StandardCharsets.UTF_8));
            assertEquals(5, Unix.read(p[0], b));
            assertEquals("01234", new String(b, 0, 5, StandardCharsets.UTF_8));
        } finally {
            for (int fd : new int[] {in, out, p[0], p[1], q[0], q[1]}) Unix.close(fd);
        }
    }

    @Test
    void descriptorsDupFcntlFlock() throws Exception {
        int fd = Unix.creat(dir.resolve("l").toString(), 0600);
        int other = Unix.open(dir.resolve("l").toString(), O_RDONLY, 0);
        try {
            int d = Unix.dup(fd);
            assertNotEquals(fd, d);
            assertEquals(0, Unix.fcntl(d, F_GETFD, 0), "dup clears close-on-exec");
            Unix.fcntl(d, F_SETFD, FD_CLOEXEC);
            assertEquals(FD_CLOEXEC, Unix.fcntl(d, F_GETFD, 0));
            assertEquals(d, Unix.dup2(d, d), "dup2 onto itself answers newfd");
            int e = Unix.dup3(fd, d, O_CLOEXEC);
            assertEquals(d, e);
            assertEquals(O_WRONLY, Unix.fcntl(e, F_GETFL, 0) & 3);
            Unix.close(e);
            assertTrue(assertThrows(SyscallException.class, () -> Unix.dup2(d, d)).is(Errno.EBADF));

            Unix.flock(fd, LOCK_EX);
            SyscallException busy = assertThrows(SyscallException.class, () -> Unix.flock(other, LOCK_SH | LOCK_NB));
            assertTrue(busy.is(Errno.EAGAIN), "the kernel holds the lock: " + busy.getMessage());
            Unix.flock(fd, LOCK_UN);
            Unix.flock(other, LOCK_SH | LOCK_NB);
        } finally {
            Unix.close(fd);
            Unix.close(other);
        }
    }

    @Test
    void openFileDescriptionLocksConflict() {
        String p = dir.resolve("ofd").toString();
        int fd1 = Unix.openat(AT_FDCWD, p, O_CREAT | O_RDWR | O_CLOEXEC, 0600);
        int fd2 = Unix.open(p, O_RDWR | O_CLOEXEC, 0);
        try (Arena a = Arena.ofConfined()) {
            Unix.fcntlFlock(fd1, F_OFD_SETLK, new Flock(a).type(F_WRLCK).whence(SEEK_SET).start(0).len(100));
            Flock probe = new Flock(a).type(F_RDLCK).whence(SEEK_SET).start(10).len(1);
            Unix.fcntlFlock(fd2, F_OFD_GETLK, probe);
            assertEquals(F_WRLCK, probe.type(), "the kernel reports fd1's lock to fd2");
            assertEquals(0, probe.start());
            assertEquals(100, probe.len());
            SyscallException busy = assertThrows(SyscallException.class,
                    () -> Unix.fcntlFlock(fd2, F_OFD_SETLK, new Flock(a).type(F_WRLCK).whence(SEEK_SET).start(50).len(1)));
            assertTrue(busy.is(Errno.EAGAIN), busy.getMessage());
            assertEquals("fcntl", busy.syscall());
        } finally {
            Unix.close(fd1);
            Unix.close(fd2);
        }
    }

    @Test
    void modesTimesAccessAndOpenat2() throws Exception {
        String p = dir.resolve("m").toString();
        int fd = Unix.creat(p, 0600);
        try (Arena arena = Arena.ofConfined()) {
            Unix.fchmod(fd, 0640);
            assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(p))));
            Unix.fchmodat(AT_FDCWD, p, 0600);
            Unix.faccessat(AT_FDCWD, p, 4);
            Unix.fchown(fd, Unix.geteuid(), Unix.getegid());
            StructArray<Timespec> times = Timespec.array(arena, 2);
            times.get(0).sec(1_000_000).nsec(0);
            times.get(1).sec(2_000_000).nsec(5);
            Unix.utimes(p, times);
            assertEquals(2_000_000_000L, Files.getLastModifiedTime(Path.of(p)).toMillis());
            Unix.futimens(fd, null);
            assertTrue(Files.getLastModifiedTime(Path.of(p)).toMillis() > 2_000_000_000L, "null times means now");

            int dfd = Unix.open(dir.toString(), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
            try {
                OpenHow how = new OpenHow(arena).flags(O_RDONLY | O_CLOEXEC).resolve(RESOLVE_BENEATH);
                try {
                    int f2 = Unix.openat2(dfd, "m", how);
                    Unix.close(f2);
                    SyscallException esc = assertThrows(SyscallException.class, () -> Unix.openat2(dfd, "../m", how));
                    assertTrue(esc.is(Errno.EXDEV), "RESOLVE_BENEATH refuses ..: " + esc.getMessage());
                } catch (SyscallException e) {
                    skipIf(e, "openat2 not available", Errno.ENOSYS);
                }
            } finally {
                Unix.close(dfd);
            }
        } finally {
            Unix.close(fd);
        }
    }

    @Test
    void extendedAttributes() throws Exception {
        String p = dir.resolve("x").toString();
        Unix.close(Unix.creat(p, 0600));
        try {
            Unix.setxattr(p, "user.handoff", bytes("v1"), XATTR_CREATE);
        } catch (SyscallException e) {
            skipIf(e, "user xattrs not supported on the temp directory's file system", Errno.EOPNOTSUPP, Errno.EPERM);
        }
        byte[] v = new byte[16];
        int n = Unix.getxattr(p, "user.handoff", v);
        assertEquals("v1", new String(v, 0, n, StandardCharsets.UTF_8));
        assertEquals(2, Unix.lgetxattr(p, "user.handoff", new byte[0]), "size query with an empty buffer");
        byte[] names = new byte[256];
        n = Unix.listxattr(p, names);
        assertTrue(new String(names, 0, n, StandardCharsets.UTF_8).contains("user.handoff"));
        Unix.removexattr(p, "user.handoff");
        assertTrue(assertThrows(SyscallException.class, () -> Unix.getxattr(p, "user.handoff", v)).is(Errno.ENODATA));
    }

    @Test
    void getcwdAndUmask() {
        byte[] buf = new byte[4096];
        int n = Unix.getcwd(buf);
        assertEquals(Path.of("").toAbsolutePath().toString(), new String(buf, 0, n - 1, StandardCharsets.UTF_8));
        int old = Unix.umask(022);
        assertEquals(022, Unix.umask(old));
    }
}
