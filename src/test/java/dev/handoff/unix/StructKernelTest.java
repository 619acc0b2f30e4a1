package dev.handoff.unix;

import static dev.handoff.syscall.SysNum.*;
import static dev.handoff.unix.ZConstants.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.handoff.syscall.Errno;
import dev.handoff.syscall.Syscall;

/**
 * The struct views over what the kernel really writes, with raw system calls (no typed wrappers):
 * fstat and statx of a file Java made, uname, clock_gettime, getdents64 of a real directory,
 * inotify events of a real creation, prlimit64, sysinfo, statfs, and an SCM_RIGHTS round trip
 * through sendmsg/recvmsg on a socketpair with a bound Unix socket's address read back.
 */
class StructKernelTest {
    static long call(String name, long nr, long a1, long a2, long a3) {
        return Errno.check(Syscall.syscall(nr, a1, a2, a3), name);
    }

    static long call6(String name, long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        return Errno.check(Syscall.syscall6(nr, a1, a2, a3, a4, a5, a6), name);
    }

    static int open(Arena a, Path p, int flags) {
        return (int) call6("openat", SYS_OPENAT, AT_FDCWD, a.allocateFrom(p.toString()).address(), flags, 0, 0, 0);
    }

    static void close(int fd) { call("close", SYS_CLOSE, fd, 0, 0); }

    @Test
    void fstatAndStatxDescribeTheSameFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("data");
        Files.write(f, new byte[12345]);
        PosixFileAttributes attrs = Files.readAttributes(f, PosixFileAttributes.class);
        try (Arena a = Arena.ofConfined()) {
            int fd = open(a, f, O_RDONLY | O_CLOEXEC);
            try {
                Stat st = new Stat(a);
                call("fstat", SYS_FSTAT, fd, st.address(), 0);
                assertEquals(12345, st.size());
                assertEquals(S_IFREG, st.mode() & S_IFMT);
                assertEquals(1, st.nlink());
                assertEquals(((Number) Files.getAttribute(f, "unix:ino")).longValue(), st.ino());
                assertEquals(((Number) Files.getAttribute(f, "unix:uid")).intValue(), st.uid());
                assertEquals(attrs.lastModifiedTime().toInstant().getEpochSecond(), st.mtim().sec());
                assertTrue(st.blksize() > 0);

                Statx stx = new Statx(a);
                MemorySegment empty = a.allocateFrom("");
                call6("statx", SYS_STATX, fd, empty.address(), AT_EMPTY_PATH, STATX_BASIC_STATS, stx.address(), 0);
                assertEquals(STATX_BASIC_STATS, stx.mask() & STATX_BASIC_STATS);
                assertEquals(st.ino(), stx.ino());
                assertEquals(st.size(), stx.size());
                assertEquals(st.mode() & 0xffff, stx.mode());
                assertEquals(st.blocks(), stx.blocks());
                assertEquals(st.mtim().sec(), stx.mtime().sec());
                assertEquals(st.mtim().nsec(), stx.mtime().nsec());
            } finally {
                close(fd);
            }
        }
    }

    @Test
    void unameClockAndSysinfo() {
        try (Arena a = Arena.ofConfined()) {
            Utsname u = new Utsname(a);
            call("uname", SYS_UNAME, u.address(), 0, 0);
            assertEquals("Linux", u.sysname());
            assertEquals(Struct.AMD64 ? "x86_64" : "aarch64", u.machine());
            assertEquals(System.getProperty("os.version"), u.release());

            Timespec ts = new Timespec(a);
            call("clock_gettime", SYS_CLOCK_GETTIME, CLOCK_REALTIME, ts.address(), 0);
            long now = System.currentTimeMillis();
            assertTrue(Math.abs(ts.toNanos() / 1_000_000 - now) < 60_000, ts + " vs " + now + " ms");
            assertTrue(ts.nsec() >= 0 && ts.nsec() < 1_000_000_000L);

            Sysinfo si = new Sysinfo(a);
            call("sysinfo", SYS_SYSINFO, si.address(), 0, 0);
            assertTrue(si.uptime() > 0);
            assertTrue(si.memUnit() > 0);
            assertTrue(si.totalram() > 0 && si.freeram() <= si.totalram());
            assertTrue(si.procs() > 0);

            Rlimit rl = new Rlimit(a);
            call6("prlimit64", SYS_PRLIMIT64, 0, RLIMIT_NOFILE, 0, rl.address(), 0, 0);
            assertTrue(rl.cur() > 0 && Long.compareUnsigned(rl.cur(), rl.max()) <= 0, rl.toString());
        }
    }

    @Test
    void statfsOfATempDirectory(@TempDir Path dir) {
        try (Arena a = Arena.ofConfined()) {
            Statfs sf = new Statfs(a);
            call("statfs", SYS_STATFS, a.allocateFrom(dir.toString()).address(), sf.address(), 0);
            assertTrue(sf.bsize() > 0);
            assertTrue(sf.namelen() >= 255, "namelen " + sf.namelen());
            assertTrue(sf.type() != 0);
        }
    }

    @Test
    void getdents64OfARealDirectory(@TempDir Path dir) throws IOException {
        Set<String> want = new TreeSet<>(List.of(".", "..", "a.txt", "sub", "ünïcödé-" + "x".repeat(100)));
        Files.createFile(dir.resolve("a.txt"));
        Files.createDirectory(dir.resolve("sub"));
        Files.createFile(dir.resolve("ünïcödé-" + "x".repeat(100)));
        try (Arena a = Arena.ofConfined()) {
            int fd = open(a, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            try {
                MemorySegment buf = a.allocate(256, 8); // small: several calls
                Set<String> got = new TreeSet<>();
                List<Integer> types = new ArrayList<>();
                long n;
                while ((n = call("getdents64", SYS_GETDENTS64, fd, buf.address(), buf.byteSize())) > 0) {
                    for (Dirent64 d : Dirent64.records(buf, n)) {
                        got.add(d.name());
                        if (d.name().equals("sub")) types.add(d.type());
                        if (d.name().equals("a.txt")) types.add(-d.type());
                    }
                }
                assertEquals(want, got);
                assertTrue(types.contains(DT_DIR) || types.contains(DT_UNKNOWN), types.toString());
                assertTrue(types.contains(-DT_REG) || types.contains(-DT_UNKNOWN), types.toString());
            } finally {
                close(fd);
            }
        }
    }

    @Test
    void inotifyEventOfARealCreation(@TempDir Path dir) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            int fd = (int) call("inotify_init1", SYS_INOTIFY_INIT1, IN_CLOEXEC | IN_NONBLOCK, 0, 0);
            try {
                int wd = (int) call("inotify_add_watch", SYS_INOTIFY_ADD_WATCH, fd,
                        a.allocateFrom(dir.toString()).address(), IN_CREATE | IN_DELETE);
                Files.createFile(dir.resolve("born"));
                Files.delete(dir.resolve("born"));
                // inotify queues the events inside the creating and deleting calls: they are there now
                MemorySegment buf = a.allocate(4096, 8);
                long n = call("read", SYS_READ, fd, buf.address(), buf.byteSize());
                List<String> got = new ArrayList<>();
                for (InotifyEvent e : InotifyEvent.events(buf, n)) {
                    assertEquals(wd, e.wd());
                    got.add(e.name() + ":" + ((e.mask() & IN_CREATE) != 0 ? "create" : (e.mask() & IN_DELETE) != 0 ? "delete" : "?"));
                }
                assertEquals(List.of("born:create", "born:delete"), got);
            } finally {
                close(fd);
            }
        }
    }

    @Test
    void scmRightsThroughASocketpairAndABoundAddress(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("passed");
        Files.writeString(file, "through the socket");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sv = a.allocate(ValueLayout.JAVA_INT, 2);
            call6("socketpair", SYS_SOCKETPAIR, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv.address(), 0, 0);
            int s0 = sv.getAtIndex(ValueLayout.JAVA_INT, 0), s1 = sv.getAtIndex(ValueLayout.JAVA_INT, 1);
            int fd = open(a, file, O_RDONLY | O_CLOEXEC);
            try {
                MemorySegment payload = a.allocateFrom("x");
                StructArray<Iovec> iov = Iovec.array(a, 1);
                iov.get(0).set(payload.asSlice(0, 1));
                Msghdr out = new Msghdr(a).iov(iov).controlBuffer(Cmsghdr.rights(a, fd));
                assertEquals(1, call("sendmsg", SYS_SENDMSG, s0, out.address(), 0));

                MemorySegment in = a.allocate(8);
                StructArray<Iovec> iov2 = Iovec.array(a, 1);
                iov2.get(0).set(in);
                MemorySegment control = a.allocate(Cmsghdr.cmsgSpace(4 * 4), 8);
                Msghdr msg = new Msghdr(a).iov(iov2).controlBuffer(control);
                assertEquals(1, call("recvmsg", SYS_RECVMSG, s1, msg.address(), MSG_CMSG_CLOEXEC));
                assertEquals(0, msg.flags() & MSG_CTRUNC);
                List<int[]> fds = new ArrayList<>();
                for (Cmsghdr c : Cmsghdr.messages(control, msg.controllen())) fds.add(c.fds());
                assertEquals(1, fds.size());
                assertEquals(1, fds.get(0).length);
                int got = fds.get(0)[0];
                try {
                    MemorySegment text = a.allocate(64);
                    long n = call("pread64", SYS_PREAD64, got, text.address(), 64);
                    assertArrayEquals("through the socket".getBytes(), text.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
                } finally {
                    close(got);
                }
            } finally {
                close(fd);
                close(s0);
                close(s1);
            }

            // a bound Unix socket's address comes back through getsockname as the same sockaddr_un
            int s = (int) call("socket", SYS_SOCKET, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
            try {
                SockaddrUn sa = SockaddrUn.of(a, dir.resolve("sock").toString());
                call("bind", SYS_BIND, s, sa.address(), sa.socklen());
                SockaddrAny any = new SockaddrAny(a);
                MemorySegment len = a.allocateFrom(ValueLayout.JAVA_INT, any.socklen());
                call("getsockname", SYS_GETSOCKNAME, s, any.address(), len.address());
                assertEquals(sa.socklen(), len.get(ValueLayout.JAVA_INT, 0));
                assertEquals(AF_UNIX, any.family());
                assertEquals(dir.resolve("sock").toString(), ((SockaddrUn) any.view()).path());
            } finally {
                close(s);
            }
        }
    }

    @Test
    void ofdLockSeenThroughASecondOpenFileDescription(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("locked");
        Files.write(f, new byte[100]);
        try (Arena a = Arena.ofConfined()) {
            int fd1 = open(a, f, O_RDWR | O_CLOEXEC);
            int fd2 = open(a, f, O_RDWR | O_CLOEXEC);
            try {
                Flock lk = new Flock(a).type(F_WRLCK).whence(SEEK_SET).start(10).len(20);
                call("fcntl", SYS_FCNTL, fd1, F_OFD_SETLK, lk.address());
                Flock probe = new Flock(a).type(F_WRLCK).whence(SEEK_SET).start(0).len(0);
                call("fcntl", SYS_FCNTL, fd2, F_OFD_GETLK, probe.address());
                assertEquals(F_WRLCK, probe.type(), "the conflicting lock is reported");
                assertEquals(10, probe.start());
                assertEquals(20, probe.len());
                assertEquals(-1, probe.pid(), "an OFD lock has no owning process");
            } finally {
                close(fd1);
                close(fd2);
            }
        }
    }

    @Test
    void peerCredentialsAndLingerThroughSockopts() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sv = a.allocate(ValueLayout.JAVA_INT, 2);
            call6("socketpair", SYS_SOCKETPAIR, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv.address(), 0, 0);
            int s0 = sv.getAtIndex(ValueLayout.JAVA_INT, 0), s1 = sv.getAtIndex(ValueLayout.JAVA_INT, 1);
            try {
                Ucred cred = new Ucred(a);
                MemorySegment len = a.allocateFrom(ValueLayout.JAVA_INT, (int) Ucred.LAYOUT.byteSize());
                call6("getsockopt", SYS_GETSOCKOPT, s0, SOL_SOCKET, SO_PEERCRED, cred.address(), len.address(), 0);
                assertEquals(ProcessHandle.current().pid(), cred.pid());
                assertEquals(((Number) uid()).intValue(), cred.uid());

                Linger on = new Linger(a).onoff(1).linger(7);
                call6("setsockopt", SYS_SETSOCKOPT, s1, SOL_SOCKET, SO_LINGER, on.address(), Linger.LAYOUT.byteSize(), 0);
                Linger got = new Linger(a);
                len.set(ValueLayout.JAVA_INT, 0, (int) Linger.LAYOUT.byteSize());
                call6("getsockopt", SYS_GETSOCKOPT, s1, SOL_SOCKET, SO_LINGER, got.address(), len.address(), 0);
                assertEquals(1, got.onoff());
                assertEquals(7, got.linger());
            } finally {
                close(s0);
                close(s1);
            }
        }
    }

    private static Object uid() {
        try {
            return Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
