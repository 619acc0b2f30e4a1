package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The helpers on top of the layouts: socket addresses, strings, variable-length records, control messages. */
class StructHelpersTest {
    @Test
    void sockaddrInIsNetworkByteOrderInMemory() throws Exception {
        try (Arena a = Arena.ofConfined()) {
            var sa = SockaddrIn.of(a, (Inet4Address) InetAddress.getByName("192.168.1.2"), 8080);
            MemorySegment s = sa.segment();
            assertEquals(2, s.get(JAVA_SHORT, 0), "sin_family AF_INET, host order");
            assertEquals((byte) 0x1f, s.get(JAVA_BYTE, 2), "port 8080 = 0x1f90, high byte first");
            assertEquals((byte) 0x90, s.get(JAVA_BYTE, 3));
            assertArrayEquals(new byte[] {(byte) 192, (byte) 168, 1, 2}, s.asSlice(4, 4).toArray(JAVA_BYTE));
            assertEquals(8080, sa.port());
            assertEquals(0xc0a80102, sa.addrBits());
            assertEquals(InetAddress.getByName("192.168.1.2"), sa.addr());
            assertEquals(16, sa.socklen());
            assertEquals(new InetSocketAddress("192.168.1.2", 8080), sa.toSocketAddress());
            assertEquals(65535, sa.port(65535).port());
            assertThrows(IllegalArgumentException.class, () -> sa.port(65536));
            assertThrows(IllegalArgumentException.class, () -> sa.port(-1));
        }
    }

    @Test
    void sockaddrIn6KeepsScopeAndByteOrder() throws Exception {
        try (Arena a = Arena.ofConfined()) {
            var addr = Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1").getAddress(), 3);
            var sa = SockaddrIn6.of(a, addr, 443).flowinfo(0x12345);
            MemorySegment s = sa.segment();
            assertEquals(10, s.get(JAVA_SHORT, 0), "AF_INET6");
            assertEquals((byte) 0x01, s.get(JAVA_BYTE, 2));
            assertEquals((byte) 0xbb, s.get(JAVA_BYTE, 3));
            assertEquals(0x00, s.get(JAVA_BYTE, 4));
            assertEquals(0x01, s.get(JAVA_BYTE, 5), "flowinfo in network order");
            assertEquals((byte) 0xfe, s.get(JAVA_BYTE, 8));
            assertEquals(3, s.get(JAVA_INT, 24), "scope id in host order");
            assertEquals(addr, sa.addr());
            assertEquals(443, sa.port());
            assertEquals(0x12345, sa.flowinfo());
            assertEquals(28, sa.socklen());
        }
    }

    @Test
    void sockaddrOfPicksTheFamily() throws Exception {
        try (Arena a = Arena.ofConfined()) {
            assertInstanceOf(SockaddrIn.class, Sockaddr.of(a, new InetSocketAddress("127.0.0.1", 1)));
            assertInstanceOf(SockaddrIn6.class, Sockaddr.of(a, new InetSocketAddress("::1", 1)));
            var un = Sockaddr.of(a, UnixDomainSocketAddress.of("/tmp/x.sock"));
            assertEquals(UnixDomainSocketAddress.of("/tmp/x.sock"), un.toSocketAddress());
            assertThrows(IllegalArgumentException.class,
                    () -> Sockaddr.of(a, InetSocketAddress.createUnresolved("example.invalid", 1)));
        }
    }

    @Test
    void sockaddrUnPathsLengthsAndAbstractNames() {
        try (Arena a = Arena.ofConfined()) {
            var sa = SockaddrUn.of(a, "/run/x.sock");
            assertEquals(1, sa.family());
            assertEquals("/run/x.sock", sa.path());
            assertEquals(2 + 11 + 1, sa.socklen());

            String max = "p".repeat(107);
            assertEquals(110, SockaddrUn.of(a, max).socklen());
            assertEquals(max, SockaddrUn.of(a, max).path());
            var tooLong = assertThrows(IllegalArgumentException.class, () -> SockaddrUn.of(a, "p".repeat(108)));
            assertTrue(tooLong.getMessage().contains("108 bytes, at most 107"), tooLong.getMessage());
            // multi-byte UTF-8: 54 two-byte characters are 108 bytes
            assertThrows(IllegalArgumentException.class, () -> SockaddrUn.of(a, "é".repeat(54)));
            assertThrows(IllegalArgumentException.class, () -> SockaddrUn.of(a, "a\0b"));
            // a rejected path leaves the previous one intact
            assertThrows(IllegalArgumentException.class, () -> sa.path("q".repeat(200)));
            assertEquals("/run/x.sock", sa.path());

            var abs = SockaddrUn.of(a, "@handoff");
            assertEquals(0, abs.segment().get(JAVA_BYTE, 2), "abstract: leading NUL");
            assertEquals('h', abs.segment().get(JAVA_BYTE, 3));
            assertEquals(2 + 1 + 7, abs.socklen(), "abstract: no trailing NUL");
            assertEquals("@handoff", abs.path());

            var unnamed = new SockaddrUn(a);
            assertEquals("", unnamed.path());
            assertEquals(2, unnamed.socklen());
        }
    }

    @Test
    void sockaddrAnyViewsTheConcreteFamily() throws Exception {
        try (Arena a = Arena.ofConfined()) {
            var any = new SockaddrAny(a);
            assertEquals(128, any.socklen());
            assertThrows(IllegalStateException.class, any::view);
            SockaddrIn.wrap(any.segment()).addr((Inet4Address) InetAddress.getByName("10.0.0.1")).port(99);
            any.segment().set(JAVA_SHORT, 0, (short) 2);
            assertEquals(new InetSocketAddress("10.0.0.1", 99), any.toSocketAddress());
            SockaddrUn.wrap(any.segment()).path("/a");
            assertEquals(UnixDomainSocketAddress.of("/a"), any.toSocketAddress());
        }
    }

    @Test
    void utsnameStringsStopAtNulAndAtTheFieldEnd() {
        try (Arena a = Arena.ofConfined()) {
            var u = new Utsname(a);
            MemorySegment s = u.segment();
            s.setString(0, "Linux");
            s.asSlice(65, 65).fill((byte) 'n'); // no NUL at all: the getter stops at 65 bytes
            s.setString(4 * 65, "x86_64");
            assertEquals("Linux", u.sysname());
            assertEquals("n".repeat(65), u.nodename());
            assertEquals("x86_64", u.machine());
            assertEquals("", u.release());
        }
    }

    /** Appends one record as the kernel lays it out: fixed part, name, NUL, padding to 8. */
    private static long putDirent(MemorySegment buf, long off, long ino, int type, String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        int reclen = (int) ((19 + n.length + 1 + 7) & ~7L);
        buf.set(JAVA_LONG, off, ino);
        buf.set(JAVA_LONG, off + 8, off + reclen);
        buf.set(JAVA_SHORT, off + 16, (short) reclen);
        buf.set(JAVA_BYTE, off + 18, (byte) type);
        MemorySegment.copy(n, 0, buf, JAVA_BYTE, off + 19, n.length);
        buf.set(JAVA_BYTE, off + 19 + n.length, (byte) 0);
        return off + reclen;
    }

    @Test
    void direntRecordsOfAConstructedBuffer() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(4096, 8);
            long n = 0;
            n = putDirent(buf, n, 1, 4, ".");
            n = putDirent(buf, n, 2, 4, "..");
            n = putDirent(buf, n, 77, 8, "a-file-with-a-longer-name.txt");
            n = putDirent(buf, n, 78, 10, "ünïcödé");
            List<String> names = new ArrayList<>();
            List<Long> inos = new ArrayList<>();
            for (Dirent64 d : Dirent64.records(buf, n)) {
                names.add(d.name() + "/" + d.type());
                inos.add(d.ino());
                assertEquals(0, d.reclen() % 8);
            }
            assertEquals(List.of("./4", "../4", "a-file-with-a-longer-name.txt/8", "ünïcödé/10"), names);
            assertEquals(List.of(1L, 2L, 77L, 78L), inos);
            assertEquals(24, Dirent64.records(buf, n).iterator().next().reclen());
            assertFalse(Dirent64.records(buf, 0).iterator().hasNext());
        }
    }

    @Test
    void corruptDirentBuffersEndTheWalkInsteadOfLooping() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(256, 8);
            long n = putDirent(buf, 0, 1, 4, ".");
            buf.set(JAVA_SHORT, 16, (short) 0); // d_reclen 0 would loop forever
            var it = Dirent64.records(buf, n).iterator();
            assertThrows(IllegalStateException.class, it::next);
            putDirent(buf, 0, 1, 4, ".");
            buf.set(JAVA_SHORT, 16, (short) 200); // runs past n
            assertThrows(IllegalStateException.class, () -> Dirent64.records(buf, n).iterator().next());
            assertThrows(IllegalStateException.class, () -> Dirent64.records(buf, 10).iterator().next());
            assertThrows(IllegalArgumentException.class, () -> Dirent64.records(buf, 257));
            assertThrows(IllegalArgumentException.class, () -> Dirent64.records(buf.asSlice(4), 24));
        }
    }

    @Test
    void inotifyEventsOfAConstructedBuffer() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(1024, 8);
            long off = 0;
            // event 1: about the watched directory itself, no name
            buf.set(JAVA_INT, off, 1);
            buf.set(JAVA_INT, off + 4, 0x400); // IN_DELETE_SELF
            off += 16;
            // event 2: "new.txt" created, name padded to 16
            buf.set(JAVA_INT, off, 1);
            buf.set(JAVA_INT, off + 4, 0x100); // IN_CREATE
            buf.set(JAVA_INT, off + 8, 5);
            buf.set(JAVA_INT, off + 12, 16);
            buf.setString(off + 16, "new.txt");
            off += 32;
            List<String> got = new ArrayList<>();
            for (InotifyEvent e : InotifyEvent.events(buf, off)) {
                got.add(e.wd() + ":" + Integer.toHexString(e.mask()) + ":" + e.cookie() + ":" + e.name());
            }
            assertEquals(List.of("1:400:0:", "1:100:5:new.txt"), got);
            buf.set(JAVA_INT, 16 + 12, 1000);
            final long n = off;
            var it = InotifyEvent.events(buf, n).iterator();
            it.next();
            assertThrows(IllegalStateException.class, it::next);
        }
    }

    @Test
    void scmRightsControlMessageRoundTrip() {
        try (Arena a = Arena.ofConfined()) {
            assertEquals(16, Cmsghdr.cmsgAlign(13));
            assertEquals(16 + 8, Cmsghdr.cmsgSpace(8));
            assertEquals(16 + 4, Cmsghdr.cmsgLen(4));
            assertEquals(16 + 8, Cmsghdr.cmsgSpace(4));
            MemorySegment control = Cmsghdr.rights(a, 3, 4, 5);
            assertEquals(Cmsghdr.cmsgSpace(12), control.byteSize());
            List<int[]> fds = new ArrayList<>();
            for (Cmsghdr c : Cmsghdr.messages(control, control.byteSize())) fds.add(c.fds());
            assertEquals(1, fds.size());
            assertArrayEquals(new int[] {3, 4, 5}, fds.get(0));

            var msg = new Msghdr(a).controlBuffer(control);
            assertEquals(control.address(), msg.control().address());
            assertEquals(control.byteSize(), msg.controllen());
            assertThrows(IllegalArgumentException.class, () -> Cmsghdr.messages(control, control.byteSize() + 1));
            assertThrows(IllegalArgumentException.class, () -> Cmsghdr.messages(control.asSlice(4), 16));
            assertThrows(IllegalArgumentException.class, () -> Cmsghdr.messages(control, -1));
            control.set(JAVA_LONG, 0, 4L); // cmsg_len shorter than the header
            assertThrows(IllegalStateException.class, () -> Cmsghdr.messages(control, control.byteSize()).iterator().next());
        }
    }

    @Test
    void msghdrAndMmsghdrPointAtTheirParts() {
        try (Arena a = Arena.ofConfined()) {
            var from = new SockaddrAny(a);
            var iov = Iovec.array(a, 2);
            var msgs = Mmsghdr.array(a, 3);
            Msghdr h = msgs.get(1).hdr().name(from).iov(iov);
            msgs.get(1).len(99);
            MemorySegment s = msgs.segment();
            long base = Mmsghdr.LAYOUT.byteSize();
            assertEquals(64, base);
            assertEquals(from.address(), s.get(JAVA_LONG, base));
            assertEquals(128, s.get(JAVA_INT, base + 8));
            assertEquals(iov.address(), s.get(JAVA_LONG, base + 16));
            assertEquals(2, s.get(JAVA_LONG, base + 24));
            assertEquals(99, s.get(JAVA_INT, base + 56));
            assertEquals(128, h.namelen());
            assertEquals(2, h.iovlen());
        }
    }

    @Test
    void sigsetBitsAreSignalMinusOne() {
        try (Arena a = Arena.ofConfined()) {
            var set = Sigset.of(a, 1, 17, 64);
            assertEquals(1L | 1L << 16 | 1L << 63, set.segment().get(JAVA_LONG, 0));
            assertTrue(set.contains(17));
            assertFalse(set.remove(17).contains(17));
            assertEquals(-1L, set.fill().bits());
            assertEquals(0, set.clear().bits());
            assertEquals(8, Sigset.SIZE);
            assertEquals(Sigset.SIZE, Sigset.LAYOUT.byteSize());
            assertThrows(IllegalArgumentException.class, () -> set.add(0));
            assertThrows(IllegalArgumentException.class, () -> set.add(65));
        }
    }

    @Test
    void nestedTimeViewsWriteIntoTheParent() {
        try (Arena a = Arena.ofConfined()) {
            var its = new Itimerspec(a);
            its.interval().sec(1).nsec(2);
            its.value().sec(3).nsec(4);
            assertArrayEquals(new long[] {1, 2, 3, 4}, its.segment().toArray(JAVA_LONG));
            var ru = new Rusage(a);
            ru.segment().set(JAVA_LONG, 16, 7); // ru_stime.tv_sec
            ru.segment().set(JAVA_LONG, 32, 1234); // ru_maxrss
            assertEquals(7, ru.stime().sec());
            assertEquals(1234, ru.maxrss());
        }
    }

    @Test
    void siginfoReadsTheSigchldFields() {
        try (Arena a = Arena.ofConfined()) {
            var si = new Siginfo(a);
            MemorySegment s = si.segment();
            s.set(JAVA_INT, 0, 17);   // SIGCHLD
            s.set(JAVA_INT, 8, 1);    // CLD_EXITED
            s.set(JAVA_INT, 16, 4242);
            s.set(JAVA_INT, 20, 1000);
            s.set(JAVA_INT, 24, 3);
            assertEquals(17, si.signo());
            assertEquals(1, si.code());
            assertEquals(4242, si.pid());
            assertEquals(1000, si.uid());
            assertEquals(3, si.status());
            assertEquals(128, Siginfo.LAYOUT.byteSize());
        }
    }

    @Test
    void openHowAndRlimitRoundTrip() {
        try (Arena a = Arena.ofConfined()) {
            var how = new OpenHow(a).flags(02000000).mode(0644).resolve(0x08);
            assertArrayEquals(new long[] {02000000, 0644, 0x08}, how.segment().toArray(JAVA_LONG));
            var rl = new Rlimit(a).cur(1024).max(Rlimit.INFINITY);
            assertEquals(1024, rl.cur());
            assertEquals(-1L, rl.segment().get(JAVA_LONG, 8));
            assertEquals("rlimit{cur=1024 max=inf}", rl.toString());
        }
    }
}
