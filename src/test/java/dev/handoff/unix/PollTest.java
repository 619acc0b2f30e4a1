package dev.handoff.unix;

import static dev.handoff.unix.K.*;
import static dev.handoff.unix.ZConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Readiness: an epoll wait woken by an eventfd write from another thread; poll and ppoll on a pipe. */
class PollTest {
    @Test
    void epollWaitWokenByEventfdWrite() throws Exception {
        int ep = Unix.epollCreate1(EPOLL_CLOEXEC);
        int efd = Unix.eventfd(0, EFD_CLOEXEC);
        try (Arena a = Arena.ofConfined()) {
            Unix.epollCtl(ep, EPOLL_CTL_ADD, efd, new EpollEvent(a).events(EPOLLIN).data(42));
            StructArray<EpollEvent> events = EpollEvent.array(a, 4);
            assertEquals(0, Unix.epollWait(ep, events, 0), "nothing ready yet");
            Thread writer = Thread.ofPlatform().start(() -> {
                try (Arena w = Arena.ofConfined()) {
                    Unix.write(efd, w.allocateFrom(ValueLayout.JAVA_LONG, 5));
                }
            });
            int n = Unix.epollWait(ep, events, 10_000);               // blocks until the write
            writer.join();
            assertEquals(1, n);
            assertEquals(42, events.get(0).data());
            assertEquals(EPOLLIN, events.get(0).events() & EPOLLIN);
            MemorySegment v = a.allocate(8);
            assertEquals(8, Unix.read(efd, v));
            assertEquals(5, v.get(ValueLayout.JAVA_LONG, 0));
            assertEquals(0, Unix.epollPwait(ep, events, 0, null, 8), "drained");
            Unix.epollCtl(ep, EPOLL_CTL_DEL, efd, null);
        } finally {
            Unix.close(efd);
            Unix.close(ep);
        }
        int legacy = Unix.epollCreate(1);
        Unix.close(legacy);
    }

    @Test
    void pollAndPpollOnAPipe() {
        int[] p = Unix.pipe2(O_CLOEXEC);
        try (Arena a = Arena.ofConfined()) {
            StructArray<PollFd> fds = PollFd.array(a, 2);
            fds.get(0).fd(p[0]).events(POLLIN);
            fds.get(1).fd(p[1]).events(POLLOUT);
            assertEquals(1, Unix.poll(fds, 0), "only the write end is ready");
            assertEquals(POLLOUT, fds.get(1).revents());
            Unix.write(p[1], new byte[] {1});
            assertEquals(2, Unix.ppoll(fds, Timespec.of(a, Duration.ZERO), null, 8));
            assertEquals(POLLIN, fds.get(0).revents());
        } finally {
            Unix.close(p[0]);
            Unix.close(p[1]);
        }
    }
}
