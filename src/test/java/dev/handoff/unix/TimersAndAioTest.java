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
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.handoff.syscall.Errno;
import dev.handoff.syscall.SyscallException;

/** A POSIX timer counting down, a message queue's attributes, and a Linux AIO read completed by the kernel. */
class TimersAndAioTest {
    @TempDir Path dir;

    @Test
    void posixTimerCountsDown() {
        int[] sev = new int[16];
        sev[3] = 1;                                                    // sigev_notify = SIGEV_NONE
        int[] id = new int[1];
        Unix.timerCreate(CLOCK_MONOTONIC, sev, id);
        try (Arena a = Arena.ofConfined()) {
            Itimerspec its = new Itimerspec(a);
            its.value().set(Duration.ofSeconds(30));
            Unix.timerSettime(id[0], 0, its, null);
            Itimerspec cur = new Itimerspec(a);
            Unix.timerGettime(id[0], cur);
            long left = cur.value().toNanos();
            assertTrue(left > 0 && left <= 30_000_000_000L, "armed: " + left);
            assertEquals(0, Unix.timerGetoverrun(id[0]));
        } finally {
            Unix.timerDelete(id[0]);
        }
        assertTrue(assertThrows(SyscallException.class, () -> Unix.timerDelete(id[0])).is(Errno.EINVAL), "deleted");
    }

    @Test
    void messageQueueAttributes() {
        String name = "handoff-attr-" + Unix.getpid();
        int mq = Unix.mqOpen(name, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600, MemorySegment.NULL);
        try {
            long[] attr = new long[8];
            Unix.mqGetsetattr(mq, null, attr);
            assertTrue(attr[1] > 0, "mq_maxmsg");
            assertTrue(attr[2] > 0, "mq_msgsize");
            assertEquals(0, attr[3], "mq_curmsgs: empty");
        } finally {
            Unix.close(mq);
            Unix.mqUnlink(name);
        }
    }

    @Test
    void aioReadCompletes() throws Exception {
        Path f = dir.resolve("aio");
        Files.writeString(f, "async bytes");
        int fd = Unix.open(f.toString(), O_RDONLY | O_CLOEXEC, 0);
        long[] ctx = new long[1];
        try {
            Unix.ioSetup(4, ctx);
        } catch (SyscallException e) {
            Unix.close(fd);
            skipIf(e, "Linux AIO is not available", Errno.ENOSYS, Errno.EAGAIN);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(16);
            MemorySegment iocb = a.allocate(64, 8);                      // struct iocb
            iocb.set(ValueLayout.JAVA_LONG, 0, 77);                      // aio_data
            iocb.set(ValueLayout.JAVA_SHORT, 16, (short) 0);             // aio_lio_opcode = IOCB_CMD_PREAD
            iocb.set(ValueLayout.JAVA_INT, 20, fd);                      // aio_fildes
            iocb.set(ValueLayout.JAVA_LONG, 24, buf.address());          // aio_buf
            iocb.set(ValueLayout.JAVA_LONG, 32, 5);                      // aio_nbytes
            iocb.set(ValueLayout.JAVA_LONG, 40, 6);                      // aio_offset
            MemorySegment list = a.allocateFrom(ValueLayout.JAVA_LONG, iocb.address());
            assertEquals(1, Unix.ioSubmit(ctx[0], 1, list));
            MemorySegment events = a.allocate(32, 8);                    // struct io_event
            assertEquals(1, Unix.ioGetevents(ctx[0], 1, 1, events, Timespec.of(a, Duration.ofSeconds(10))));
            assertEquals(77, events.get(ValueLayout.JAVA_LONG, 0), "data");
            assertEquals(5, events.get(ValueLayout.JAVA_LONG, 16), "res: bytes read");
            assertEquals("bytes", new String(buf.asSlice(0, 5).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
            SyscallException gone = assertThrows(SyscallException.class, () -> Unix.ioCancel(ctx[0], iocb, events));
            assertTrue(gone.is(Errno.EINVAL) || gone.is(Errno.EAGAIN), "already completed: " + gone.getMessage());
        } finally {
            Unix.ioDestroy(ctx[0]);
            Unix.close(fd);
        }
    }
}
