package dev.handoff.runtime;

import static dev.handoff.runtime.Go.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/** Preemption requests, the gopark contract, dumps, counts and JFR events. */
class InsightTest {

    @Test
    void longRunnerIsAskedToYieldAndYieldsAtItsNextRuntimeCall() {
        List<String> order = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicLong yields = new java.util.concurrent.atomic.AtomicLong();
        Go.main(() -> {
            gomaxprocs(1);
            Latch done = new Latch(2);
            go(() -> {
                G me = Sched.getg();
                // Run without any runtime call until sysmon flags us (> 10 ms).
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!me.preempt && System.nanoTime() < deadline) Thread.onSpinWait();
                order.add("flagged=" + me.preempt);
                go(() -> {
                    order.add("other");
                    done.countDown();
                }); // a runtime call: honours the request, so "other" runs before we go on
                order.add("runner");
                done.countDown();
            });
            done.await();
            yields.set(Go.stats().preemptYields());
        });
        assertEquals(List.of("flagged=true", "other", "runner"), order);
        assertTrue(yields.get() >= 1, "preemption yields: " + yields.get());
    }

    @Test
    void unlockfRunsAfterTheGoroutineHasStopped() {
        AtomicReference<String> seen = new AtomicReference<>();
        Go.main(() -> {
            G me = Sched.getg();
            Sched.gopark(() -> {
                seen.set(GStatus.name(me.status()) + " curg=" + Sched.getg());
                Sched.goready(me); // readying from the unlock function is allowed: we have stopped
            }, WaitReason.SELECT);
        });
        assertEquals("waiting curg=null", seen.get());
    }

    @Test
    void goreadyOfARunningGoroutineFailsLoudly() {
        AtomicReference<Throwable> err = new AtomicReference<>();
        Go.main(() -> {
            try {
                Sched.goready(Sched.getg());
            } catch (IllegalStateException e) {
                err.set(e);
            }
        });
        assertTrue(err.get().getMessage().contains("is not waiting"), err.get().getMessage());
    }

    @Test
    void dumpShowsEachGoroutineWithStateWaitReasonAndStack() {
        AtomicReference<String> dump = new AtomicReference<>();
        AtomicInteger count = new AtomicInteger();
        Go.main(() -> {
            Latch release = new Latch(1);
            Latch parked = new Latch(3);
            Latch done = new Latch(3);
            for (int i = 0; i < 3; i++) {
                go(() -> {
                    parked.countDown();
                    parkHereForTheDump(release);
                    done.countDown();
                });
            }
            parked.await();
            Sys.await("three goroutines parked", Duration.ofSeconds(10), () -> Go.dump().split("\\[sync.WaitGroup.Wait\\]").length >= 4);
            count.set(numGoroutine());
            dump.set(Go.dump());
            release.countDown();
            done.await();
        });
        String d = dump.get();
        assertTrue(d.contains("goroutine 1 [running]:"), d);
        assertTrue(d.contains("InsightTest.parkHereForTheDump"), "unmounted stacks come from the continuation: " + d);
        assertTrue(d.contains("created by goroutine 1"), d);
        assertTrue(count.get() >= 4, "numGoroutine: " + count.get());
    }

    @Test
    void continuationIsMadeAtFirstRunAndKeptOnlyWhileTheGoroutineHasYielded() {
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicReference<String> dump = new AtomicReference<>();
        Go.main(() -> {
            gomaxprocs(1); // main keeps the one P until it blocks: the new goroutine waits in the queue
            Latch parked = new Latch(1), release = new Latch(1), done = new Latch(1);
            G g = go(() -> {
                parked.countDown();
                parkHereForTheDump(release);
                done.countDown();
            });
            seen.add("queued " + GStatus.name(g.status()) + " cont=" + (g.cont != null));
            dump.set(Go.dump());
            parked.await();
            Sys.await("the goroutine parked", Duration.ofSeconds(10), () -> g.status() == GStatus._Gwaiting);
            seen.add("parked cont=" + (g.cont != null));
            release.countDown();
            done.await();
            Sys.await("the goroutine finished", Duration.ofSeconds(10), () -> g.status() == GStatus._Gdead);
            seen.add("dead cont=" + (g.cont != null));
        });
        assertEquals(List.of("queued runnable cont=false", "parked cont=true", "dead cont=false"), seen);
        String d = dump.get();
        assertTrue(d.matches("(?s).*goroutine \\d+ \\[runnable\\]:\ncreated by goroutine 1\n.*"),
                "a goroutine that has not run yet is listed, with no stack: " + d);
    }

    private static void parkHereForTheDump(Latch release) {
        release.await();
    }

    @Test
    void jfrRecordsHandoffsAndRetakes() throws Exception {
        Path file = Files.createTempFile("handoff", ".jfr");
        try (Recording r = new Recording()) {
            r.enable("dev.handoff.PHandoff");
            r.enable("dev.handoff.PRetake");
            r.start();
            int[] fds = new int[2];
            dev.handoff.unix.Unix.pipe2(fds, 0);
            Go.main(() -> {
                gomaxprocs(1);
                Latch done = new Latch(3);
                // A read on an empty pipe stays in the kernel until main writes: main runs again only
                // if sysmon retakes the P, however late the machine lets it (no window to miss).
                G sleeper = go(() -> {
                    dev.handoff.unix.Unix.read(fds[0], new byte[1]);
                    done.countDown();
                });
                Sys.await("sleeper in syscall", Duration.ofSeconds(10), () -> sleeper.status() == GStatus._Gsyscall);
                dev.handoff.unix.Unix.write(fds[1], new byte[1]);
                go(done::countDown);
                go(() -> {
                    Go.blocking(() -> 1);
                    done.countDown();
                });
                done.await();
            });
            r.stop();
            r.dump(file);
            dev.handoff.unix.Unix.close(fds[0]);
            dev.handoff.unix.Unix.close(fds[1]);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        Files.deleteIfExists(file);
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("dev.handoff.PRetake")), "no PRetake event");
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("dev.handoff.PHandoff")), "no PHandoff event");
    }
}
