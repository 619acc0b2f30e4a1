package dev.handoff.runtime;

import static dev.handoff.runtime.Go.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jdk.jfr.EventType;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * The JFR syscall event ({@code dev.handoff.Syscall}) from real syscalls made by goroutines: a
 * nanosleep whose P is retaken, one that keeps its P, and a stream of getpids mostly under the
 * default 20 µs threshold.
 */
class SyscallEventTest {
    private static final int FAST_TRIES = 5;

    @Test
    void recordsBlockingSyscallsWithTheirGoroutineExitAndRetake() throws Exception {
        Path file = Files.createTempFile("handoff-syscall", ".jfr");
        AtomicLong kept = new AtomicLong(), retaken = new AtomicLong();
        int getpids = 1_000;
        try (Recording r = new Recording()) {
            // As a plain recording would have them: enabled, default threshold (20 µs).
            r.enable("dev.handoff.Syscall");
            r.enable("dev.handoff.PRetake");
            r.start();
            Go.main(() -> {
                // 1. Nothing else to run and an idle P: by Go's rules sysmon leaves the P alone, and
                // the exit is fast. So first wait until the main goroutine has parked and its P is
                // idle; then the getpids: a P's very first syscall is taken at sysmon's first look
                // (p.syscalltick and sysmon's copy both start at 0 and syscallwhen at 0, so it
                // looks 10 ms old), as in Go's retake.
                gomaxprocs(2);
                Sched s = ((M) Thread.currentThread()).sched;
                Latch one = new Latch(1);
                kept.set(go(() -> {
                    Sys.await("the other P idle", Duration.ofSeconds(10), () -> s.npidle == 1);
                    for (int i = 0; i < getpids; i++) Sys.getpid();
                    // Go's retake also takes a P after 10 ms whatever the load, and on a loaded
                    // machine a 1 ms sleep can come back late: sleep a few times, check the short ones.
                    for (int i = 0; i < FAST_TRIES; i++) Sys.nanosleep(1_000_000L, false);
                    one.countDown();
                }).goid);
                one.await();

                // 2. GOMAXPROCS=1 and the main goroutine runnable: sysmon retakes the sleeper's P.
                gomaxprocs(1);
                Latch two = new Latch(2);
                G sleeper = go(() -> {
                    Sys.nanosleep(30_000_000L, false);
                    two.countDown();
                });
                retaken.set(sleeper.goid);
                Sys.await("sleeper in syscall", Duration.ofSeconds(10), () -> sleeper.status() == GStatus._Gsyscall);
                go(two::countDown);
                two.await();
            });
            r.stop();
            r.dump(file);
            assertFalse(EventType.getEventType(Events.Syscall.class).isEnabled(),
                    "the syscall event must be disabled once no recording runs (else every syscall allocates)");
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        Files.deleteIfExists(file);
        List<RecordedEvent> syscalls = events.stream().filter(e -> e.getEventType().getName().equals("dev.handoff.Syscall")).toList();

        List<RecordedEvent> sleeps = mine(syscalls, kept.get(), "nanosleep");
        assertEquals(FAST_TRIES, sleeps.size(), "nanosleep events of goroutine " + kept.get() + ": " + syscalls);
        for (RecordedEvent e : sleeps) {
            assertTrue(e.getDuration().toNanos() >= 900_000, "duration " + e.getDuration());
            assertEquals(!"fast".equals(e.getString("exit")), e.getBoolean("retaken"), e.toString());
            assertEquals(dev.handoff.syscall.SysNum.SYS_NANOSLEEP, e.getInt("nr"));
            assertNotNull(e.getStackTrace(), "stack trace");
        }
        // Under 10 ms, with an idle P and an empty run queue, Go's rules leave the P alone.
        List<RecordedEvent> quick = sleeps.stream().filter(e -> e.getDuration().toNanos() < 9_000_000).toList();
        assertFalse(quick.isEmpty(), "every 1 ms nanosleep took 9 ms or more: " + sleeps);
        for (RecordedEvent fast : quick) {
            assertEquals("fast", fast.getString("exit"), fast.toString());
            assertEquals(fast.getInt("p"), fast.getInt("exitP"), fast.toString());
        }

        RecordedEvent slow = only(syscalls, retaken.get(), "nanosleep");
        assertTrue(slow.getDuration().toNanos() >= 25_000_000, "duration " + slow.getDuration());
        assertTrue(slow.getBoolean("retaken"), slow.toString());
        assertTrue(List.of("idle P", "slow").contains(slow.getString("exit")), slow.toString());
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("dev.handoff.PRetake")
                        && e.getLong("goid") == retaken.get() && !e.getBoolean("inJdk")),
                "no PRetake event for goroutine " + retaken.get());

        long pids = syscalls.stream().filter(e -> "getpid".equals(e.getString("name"))).count();
        assertTrue(pids < getpids / 2, pids + " of " + getpids + " getpid calls recorded: the 20 µs threshold is not applied");
    }

    private static List<RecordedEvent> mine(List<RecordedEvent> syscalls, long goid, String name) {
        return syscalls.stream().filter(e -> e.getLong("goid") == goid && name.equals(e.getString("name"))).toList();
    }

    private static RecordedEvent only(List<RecordedEvent> syscalls, long goid, String name) {
        List<RecordedEvent> mine = mine(syscalls, goid, name);
        assertEquals(1, mine.size(), "events for goroutine " + goid + " " + name + ": " + syscalls);
        return mine.get(0);
    }
}
