package dev.handoff.unix;

import static dev.handoff.unix.K.*;
import static dev.handoff.unix.ZConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Sockets: a socketpair round trip, TCP over loopback with accept4, UDP with addresses, sendmsg/recvmsg. */
class SocketTest {
    static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Test
    void socketpairRoundTrip() {
        int[] sv = new int[2];
        Unix.socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
        try {
            assertEquals(4, Unix.write(sv[0], bytes("ping")));
            byte[] b = new byte[8];
            assertEquals(4, Unix.read(sv[1], b));
            assertEquals("ping", new String(b, 0, 4, StandardCharsets.UTF_8));
            assertEquals(4, Unix.sendto(sv[1], bytes("pong"), 0, MemorySegment.NULL, 0));
            assertEquals(4, Unix.recvfrom(sv[0], b, 0, null, null));
            assertEquals("pong", new String(b, 0, 4, StandardCharsets.UTF_8));
            assertEquals(SOCK_STREAM, Unix.getsockoptInt(sv[0], SOL_SOCKET, SO_TYPE));
            try (Arena a = Arena.ofConfined()) {
                Ucred cred = new Ucred(a);
                assertEquals(12, Unix.getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, cred));
                assertEquals(Unix.getpid(), cred.pid(), "the peer is this process");
                assertEquals(Unix.geteuid(), cred.uid());
                Unix.setsockopt(sv[0], SOL_SOCKET, SO_LINGER, new Linger(a).onoff(1).linger(3));
                Linger l = new Linger(a);
                Unix.getsockopt(sv[0], SOL_SOCKET, SO_LINGER, l);
                assertEquals(3, l.linger());
            }
            Unix.shutdown(sv[0], SHUT_WR);
            assertEquals(0, Unix.read(sv[1], b), "end of stream after shutdown");
        } finally {
            Unix.close(sv[0]);
            Unix.close(sv[1]);
        }
    }

    @Test
    void tcpLoopbackWithAccept4() throws Exception {
        int srv = Unix.socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        int cli = Unix.socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        int conn = -1;
        try (Arena a = Arena.ofConfined()) {
            Unix.setsockoptInt(srv, SOL_SOCKET, SO_REUSEADDR, 1);
            assertEquals(1, Unix.getsockoptInt(srv, SOL_SOCKET, SO_REUSEADDR));
            Inet4Address lo = (Inet4Address) InetAddress.getByName("127.0.0.1");
            Unix.bind(srv, SockaddrIn.of(a, lo, 0));
            Unix.listen(srv, 4);
            SockaddrAny name = new SockaddrAny(a);
            assertEquals(16, Unix.getsockname(srv, name));
            SockaddrIn bound = (SockaddrIn) name.view();
            assertTrue(bound.port() > 0, "the kernel chose a port");
            Unix.connect(cli, SockaddrIn.of(a, lo, bound.port()));
            SockaddrAny peer = new SockaddrAny(a);
            conn = Unix.accept4(srv, peer, SOCK_CLOEXEC);
            assertEquals(AF_INET, peer.family());
            SockaddrAny cliName = new SockaddrAny(a);
            Unix.getsockname(cli, cliName);
            assertEquals(((SockaddrIn) cliName.view()).port(), ((SockaddrIn) peer.view()).port(), "accept4 wrote the client's address");
            ByteBuffer out = ByteBuffer.allocateDirect(5).put(bytes("hello")).flip();
            assertEquals(5, Unix.write(cli, out));
            ByteBuffer in = ByteBuffer.allocateDirect(16);
            assertEquals(5, Unix.read(conn, in));
            assertEquals("hello", StandardCharsets.UTF_8.decode(in.flip()).toString());
            SockaddrAny pn = new SockaddrAny(a);
            Unix.getpeername(conn, pn);
            assertEquals(((SockaddrIn) peer.view()).port(), ((SockaddrIn) pn.view()).port());
        } finally {
            if (conn >= 0) Unix.close(conn);
            Unix.close(cli);
            Unix.close(srv);
        }
    }

    @Test
    void udpSendtoRecvfromWithAddresses() throws Exception {
        int s1 = Unix.socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        int s2 = Unix.socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        try (Arena a = Arena.ofConfined()) {
            Inet4Address lo = (Inet4Address) InetAddress.getByName("127.0.0.1");
            Unix.bind(s2, SockaddrIn.of(a, lo, 0));
            SockaddrAny name = new SockaddrAny(a);
            Unix.getsockname(s2, name);
            SockaddrIn to = (SockaddrIn) name.view();
            assertEquals(3, Unix.sendto(s1, bytes("dgm"), 0, to.segment(), to.socklen()));
            byte[] b = new byte[16];
            SockaddrAny from = new SockaddrAny(a);
            int[] fromlen = {from.socklen()};
            assertEquals(3, Unix.recvfrom(s2, b, 0, from, fromlen));
            assertEquals(16, fromlen[0]);
            SockaddrAny s1name = new SockaddrAny(a);
            Unix.getsockname(s1, s1name);
            assertEquals(((SockaddrIn) s1name.view()).port(), ((SockaddrIn) from.view()).port());
        } finally {
            Unix.close(s1);
            Unix.close(s2);
        }
    }

    @Test
    void sendmsgRecvmsgWithIovecs() {
        int[] sv = new int[2];
        Unix.socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv);
        try (Arena a = Arena.ofConfined()) {
            StructArray<Iovec> iov = Iovec.array(a, 2);
            iov.get(0).set(a.allocateFrom(ValueLayout.JAVA_BYTE, bytes("ab")));
            iov.get(1).set(a.allocateFrom(ValueLayout.JAVA_BYTE, bytes("cde")));
            Msghdr msg = new Msghdr(a).iov(iov);
            assertEquals(5, Unix.sendmsg(sv[0], msg, 0));
            MemorySegment dst = a.allocate(8);
            StructArray<Iovec> riov = Iovec.array(a, 1);
            riov.get(0).set(dst);
            assertEquals(5, Unix.recvmsg(sv[1], new Msghdr(a).iov(riov), 0));
            assertEquals("abcde", new String(dst.asSlice(0, 5).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
            assertEquals(5, Unix.writev(sv[0], iov));
            assertEquals(5, Unix.readv(sv[1], riov));
        } finally {
            Unix.close(sv[0]);
            Unix.close(sv[1]);
        }
    }
}
