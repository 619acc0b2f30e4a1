package dev.handoff.unix;

import static dev.handoff.unix.K.*;
import static dev.handoff.unix.ZConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.handoff.syscall.Errno;
import dev.handoff.syscall.SyscallException;

/** Processes: identities, limits, scheduling, and children observed through pidfd_open + waitid and wait4. */
class ProcessTest {

    /**
     * Starts {@code sleep 1000} as a grandchild that the JVM adopts: the JVM becomes a child subreaper,
     * {@code sh} starts the sleep in the background, prints its pid and exits, and the orphan is
     * re-parented to us. The JDK's own reaper only waits for the pids it started (sh), so the sleep is
     * ours alone to wait for.
     */
    static int adoptedSleeper() throws Exception {
        Process sh = new ProcessBuilder("sh", "-c", "sleep 1000 >/dev/null 2>&1 & echo $!").redirectErrorStream(true).start();
        String line;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(sh.getInputStream(), StandardCharsets.UTF_8))) {
            line = r.readLine();
        }
        assertTrue(sh.waitFor(30, TimeUnit.SECONDS), "sh exits");
        return Integer.parseInt(line.trim());
    }

    @Test
    void childObservedThroughPidfdOpenAndWaitid() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            java.lang.foreign.MemorySegment flag = arena.allocate(4);
            Unix.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
            Unix.prctl(PR_GET_CHILD_SUBREAPER, flag.address(), 0, 0, 0);   // prctl is "unchecked": a live native int
            assertEquals(1, flag.get(java.lang.foreign.ValueLayout.JAVA_INT, 0), "we are a subreaper");
            int pid = adoptedSleeper();
            int pidfd = Unix.pidfdOpen(pid, 0);
            try {
                assertEquals(Unix.getpid(), ProcessHandle.of(pid).orElseThrow().parent().orElseThrow().pid(),
                        "the sleeper is our child now");
                Unix.pidfdSendSignal(pidfd, 0, null, 0);           // signal 0: it is alive
                Unix.pidfdSendSignal(pidfd, SIGKILL, null, 0);
                Siginfo info = new Siginfo(arena);
                Unix.waitid(P_PIDFD, pidfd, info, WEXITED, null);
                assertEquals(pid, info.pid());
                assertEquals(CLD_KILLED, info.code());
                assertEquals(SIGKILL, info.status());
                SyscallException reaped = assertThrows(SyscallException.class, () -> Unix.waitid(P_PIDFD, pidfd, info, WEXITED, null));
                assertTrue(reaped.is(Errno.ECHILD), reaped.getMessage());
            } finally {
                Unix.close(pidfd);
            }
        } catch (SyscallException e) {
            skipIf(e, "pidfd_open is not available", Errno.ENOSYS);
        } finally {
            Unix.prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
        }
    }

    @Test
    void childReapedByWait4WithRusage() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            Unix.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
            int pid = adoptedSleeper();
            Unix.kill(pid, SIGTERM);
            int[] status = new int[1];
            Rusage ru = new Rusage(arena);
            ru.segment().fill((byte) 0xff); // the kernel must overwrite every field
            assertEquals(pid, Unix.wait4(pid, status, 0, ru));
            assertEquals(SIGTERM, status[0] & 0x7f, "WTERMSIG");
            // A child killed right after fork can have a maxrss of 0; what matters is that the kernel wrote it.
            assertTrue(ru.maxrss() >= 0, "the child's rusage was written: maxrss " + ru.maxrss());
            assertTrue(assertThrows(SyscallException.class, () -> Unix.kill(pid, 0)).is(Errno.ESRCH), "gone");
        } finally {
            Unix.prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
        }
    }

    @Test
    void identities() throws Exception {
        assertEquals(ProcessHandle.current().pid(), Unix.getpid());
        assertEquals(procStatField(4), Unix.getppid(), "getppid() == /proc/self/stat ppid");
        int[] tids = new int[2];
        Thread t = Thread.ofPlatform().start(() -> tids[1] = Unix.gettid());
        t.join();
        tids[0] = Unix.gettid();
        assertNotEquals(tids[0], tids[1], "each thread has its own tid");
        assertEquals(Unix.getpgrp(), Unix.getpgid(0));
        // In a container the session leader may live outside our pid namespace: getsid is then 0.
        // /proc/self/stat's sixth field is the same number, seen from the same namespace.
        assertEquals(procStatField(6), Unix.getsid(0), "getsid(0) == /proc/self/stat session");
        assertEquals(procStatField(5), Unix.getpgrp(), "getpgrp() == /proc/self/stat pgrp");
        int[] r = new int[1], e = new int[1], s = new int[1];
        Unix.getresuid(r, e, s);
        assertEquals(Unix.getuid(), r[0]);
        assertEquals(Unix.geteuid(), e[0]);
        Unix.getresgid(r, e, s);
        assertEquals(Unix.getgid(), r[0]);
        assertEquals(Unix.getegid(), e[0]);
        Unix.setresuid(-1, -1, -1);                              // "no change" is always allowed
        assertTrue(Unix.getgroups().length >= 0);
        int[] cpu = new int[1], node = new int[1];
        Unix.getcpu(cpu, node);
        assertTrue(cpu[0] >= 0);
        int[] hdr = {LINUX_CAPABILITY_VERSION_3, 0};
        int[] data = new int[6];
        Unix.capget(hdr, data);
        assertEquals(root(), (data[0] & (1 << CAP_SYS_ADMIN)) != 0, "CAP_SYS_ADMIN effective iff root");
    }

    @Test
    void limitsUsageAndTimes() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            Rlimit lim = new Rlimit(arena), old = new Rlimit(arena);
            Unix.getrlimit(RLIMIT_NOFILE, lim);
            assertTrue(lim.cur() > 0 && lim.cur() <= lim.max());
            Unix.prlimit(0, RLIMIT_NOFILE, null, old);
            assertEquals(lim.cur(), old.cur());
            Unix.prlimit(0, RLIMIT_NOFILE, lim, null);             // set to the same value
            Rusage ru = new Rusage(arena);
            Unix.getrusage(RUSAGE_SELF, ru);
            assertTrue(ru.utime().toDuration().toNanos() > 0, "this JVM has used CPU");
            long[] tms = new long[4];
            assertTrue(Unix.times(tms) > 0);
            assertTrue(tms[0] > 0, "tms_utime");
        }
        int dumpable = Unix.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
        assertTrue(dumpable == 0 || dumpable == 1 || dumpable == 2);
        assertTrue(Unix.personality(0xffffffffL) >= 0, "query");
    }

    @Test
    void scheduling() throws Exception {
        long[] mask = new long[16];
        int size = Unix.schedGetaffinity(0, mask);
        assertTrue(size >= 8);
        int cpus = 0;
        for (long m : mask) cpus += Long.bitCount(m);
        assertTrue(cpus >= 1);
        Unix.schedSetaffinity(0, mask);
        Unix.schedYield();
        assertEquals(0, Unix.schedGetscheduler(0), "SCHED_OTHER");
        assertEquals(0, Unix.schedGetPriorityMax(0));
        int[] param = new int[1];
        Unix.schedGetparam(0, param);
        assertEquals(0, param[0]);
        int prio = Unix.getpriority(PRIO_PROCESS, 0);
        assertTrue(prio >= 1 && prio <= 40, "20 - nice");
        Unix.setpriority(PRIO_PROCESS, Unix.gettid(), 20 - prio);  // the same nice value, this thread
        try (Arena arena = Arena.ofConfined()) {
            Timespec ts = new Timespec(arena);
            Unix.schedRrGetInterval(0, ts);
            assertTrue(ts.toNanos() >= 0);
        }
    }

    @Test
    void rootOnlyCredentialsAreRefusedOrDone() {
        Assumptions.assumeTrue(root(), "needs root (CI runs as root)");
        // setfsuid answers the previous fsuid whatever it does; asking for the current one changes nothing.
        assertEquals(0, Unix.setfsuid(0));
        Unix.setgroups(Unix.getgroups());
    }

    /** Field {@code n} (1-based, as in proc(5)) of /proc/self/stat; the comm field may hold spaces. */
    private static long procStatField(int n) throws java.io.IOException {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(rest[n - 3]);
    }
}
