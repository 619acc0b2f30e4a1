package dev.handoff.syscall;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CountDownLatch;

/**
 * Child-JVM program for {@link VirtualThreadCompensationTest}: run it with
 * {@code -Djdk.virtualThreadScheduler.parallelism=1}. Virtual thread A makes a 300 ms nanosleep
 * through {@code syscall} or {@code rawSyscall} (args[0]); once A is on its way, virtual thread B
 * is started and records when it first runs. Prints one line:
 * {@code mode=<m> bLatencyMs=<ms from B's start to B running> bBeforeAEnded=<true|false>}.
 */
public final class OneCarrierProbe {
    public static void main(String[] args) throws Exception {
        boolean raw = args[0].equals("raw");
        // Warm up what the measurement must not include: Handoff's class init (which may print the
        // missing-flag notice, itself blocking I/O), starting and joining a virtual thread.
        System.out.println("implementation=" + Syscall.implementation());
        for (int i = 0; i < 3; i++) {
            long[] sink = new long[1];
            Thread w = Thread.ofVirtual().start(() -> sink[0] = System.nanoTime());
            w.join();
        }
        CountDownLatch aStarted = new CountDownLatch(1);
        long[] aEnded = new long[1];
        Thread a = Thread.ofVirtual().unstarted(() -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment ts = arena.allocate(16);
                ts.set(ValueLayout.JAVA_LONG, 0, 0);
                ts.set(ValueLayout.JAVA_LONG, 8, 300_000_000L);
                aStarted.countDown();
                // With one carrier, nothing else runs between here and the call unless the call lets it.
                long r = raw ? Syscall.rawSyscall(SysNum.SYS_NANOSLEEP, ts.address(), 0, 0)
                             : Syscall.syscall(SysNum.SYS_NANOSLEEP, ts.address(), 0, 0);
                Errno.check(r, "nanosleep");
                aEnded[0] = System.nanoTime();
            }
        });
        a.start();
        aStarted.await();
        long bStart = System.nanoTime();
        long[] bRan = new long[1];
        Thread b = Thread.ofVirtual().start(() -> bRan[0] = System.nanoTime());
        b.join();
        a.join();
        System.out.println("mode=" + args[0] + " bLatencyMs=" + (bRan[0] - bStart) / 1_000_000
                + " bBeforeAEnded=" + (bRan[0] < aEnded[0]));
    }
}
