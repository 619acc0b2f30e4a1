package dev.handoff.unix;

import static dev.handoff.unix.K.*;
import static dev.handoff.unix.ZConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.handoff.syscall.Errno;
import dev.handoff.syscall.SyscallException;

/**
 * Signals sent to this very thread while it blocks them, then taken through signalfd and
 * rt_sigtimedwait. SIGUSR1 kills the JVM if it is ever delivered, so it stays blocked until the
 * test has consumed every instance (the finally block drains before it restores the mask).
 */
class SignalTest {
    @Test
    void blockedSignalTakenThroughSignalfdAndSigtimedwait() {
        try (Arena a = Arena.ofConfined()) {
            Sigset usr1 = Sigset.of(a, SIGUSR1), old = new Sigset(a), pending = new Sigset(a);
            Timespec zero = new Timespec(a);
            Unix.rtSigprocmask(SIG_BLOCK, usr1, old);
            try {
                int sfd = Unix.signalfd(-1, usr1, SFD_CLOEXEC);
                try {
                    Unix.tgkill(Unix.getpid(), Unix.gettid(), SIGUSR1);
                    Unix.rtSigpending(pending);
                    assertTrue(pending.contains(SIGUSR1), "pending for this thread");
                    SignalfdSiginfo si = new SignalfdSiginfo(a);
                    assertEquals(128, Unix.read(sfd, si.segment()));
                    assertEquals(SIGUSR1, si.signo());
                    assertEquals(Unix.getpid(), si.pid(), "sent by us");
                    Unix.rtSigpending(pending);
                    assertFalse(pending.contains(SIGUSR1), "consumed");

                    Unix.tkill(Unix.gettid(), SIGUSR1);
                    Siginfo info = new Siginfo(a);
                    assertEquals(SIGUSR1, Unix.rtSigtimedwait(usr1, info, zero));
                    assertEquals(SIGUSR1, info.signo());
                    Siginfo queued = new Siginfo(a);                     // si_signo, si_errno, si_code = SI_QUEUE
                    queued.segment().set(java.lang.foreign.ValueLayout.JAVA_INT, 0, SIGUSR1);
                    queued.segment().set(java.lang.foreign.ValueLayout.JAVA_INT, 8, -1);
                    Unix.rtTgsigqueueinfo(Unix.getpid(), Unix.gettid(), SIGUSR1, queued);
                    assertEquals(SIGUSR1, Unix.rtSigtimedwait(usr1, info, zero));
                    assertEquals(-1, info.code(), "SI_QUEUE: the queued siginfo arrived");
                    SyscallException none = assertThrows(SyscallException.class, () -> Unix.rtSigtimedwait(usr1, null, zero));
                    assertTrue(none.is(Errno.EAGAIN), "nothing left: " + none.getMessage());
                } finally {
                    Unix.close(sfd);
                }
            } finally {
                try {
                    while (true) Unix.rtSigtimedwait(usr1, null, zero);
                } catch (SyscallException drained) {
                    Unix.rtSigprocmask(SIG_SETMASK, old, null);
                }
            }
        }
    }

    @Test
    void killWithSignalZeroProbes() {
        Unix.kill(Unix.getpid(), 0);
        SyscallException e = assertThrows(SyscallException.class, () -> Unix.kill(0x3fffffff, 0));
        assertTrue(e.is(Errno.ESRCH));
        assertEquals("kill", e.syscall());
        assertNotNull(Duration.ZERO);
        assertNotNull(MemorySegment.NULL);
    }
}
