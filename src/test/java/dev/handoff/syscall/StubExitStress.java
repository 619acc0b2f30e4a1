package dev.handoff.syscall;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Child-JVM program: system calls on every path back from the trampoline (critical, normal from
 * platform threads, normal from virtual threads, 3 and 6 arguments, calls that block) while the
 * main thread keeps the VM's slow paths busy: safepoints (System.gc), handshakes (stack traces of
 * the callers) and, from the command line, a guaranteed safepoint every millisecond or a JFR
 * recording sampling the callers. A return
 * through the trampoline's copy of a stub's return path that meets an armed safepoint poll or a
 * pending suspend goes into the stub's own slow path; here that happens thousands of times. Runs until
 * both MIN_ROUNDS rounds of safepoints and handshakes and MIN_CALLS calls are done (args), prints
 * "ok CALLS ROUNDS", or fails (a wrong result, an exception, or a crash of the JVM).
 */
public final class StubExitStress {
    public static void main(String[] args) throws Exception {
        int minRounds = Integer.parseInt(args[0]);
        long minCalls = Long.parseLong(args[1]);
        long giveUp = System.nanoTime() + 60_000_000_000L;
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        long pid = ProcessHandle.current().pid();
        AtomicLong calls = new AtomicLong(), progress = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            int kind = k;
            Runnable r = () -> {
                try (var arena = java.lang.foreign.Arena.ofConfined()) {
                    var ts = arena.allocate(16);
                    ts.set(java.lang.foreign.ValueLayout.JAVA_LONG, 8, 20_000);      // 20 µs
                    long n = 0;
                    while (!stop.get()) {
                        long r1 = switch ((int) (n % 4)) {
                            case 0 -> Syscall.syscall(SysNum.SYS_GETPID, 0, 0, 0);
                            case 1 -> Syscall.syscall6(SysNum.SYS_GETPID, 0, 0, 0, 0, 0, 0);
                            case 2 -> Syscall.rawSyscall(SysNum.SYS_GETPID, 0, 0, 0);
                            default -> Syscall.rawSyscall6(SysNum.SYS_GETPID, 0, 0, 0, 0, 0, 0);
                        };
                        if (r1 != pid) throw new AssertionError("getpid gave " + r1 + " on path " + n % 4);
                        if (n % 64 == 0) { // EINTR: a profiler's or the VM's signal may cut the sleep short
                            long s = Syscall.syscall(SysNum.SYS_NANOSLEEP, ts.address(), 0, 0);
                            if (s != 0 && s != -Errno.EINTR.number()) throw new AssertionError("nanosleep gave " + s);
                        }
                        if (Syscall.syscall(SysNum.SYS_CLOSE, -1, 0, 0) != -Errno.EBADF.number())
                            throw new AssertionError("close(-1) is not EBADF");
                        n++;
                        progress.incrementAndGet();
                    }
                    calls.addAndGet(2 * n);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            };
            workers.add(kind % 2 == 0 ? Thread.ofPlatform().start(r) : Thread.ofVirtual().start(r));
        }
        long safepoints = 0;
        while ((safepoints < minRounds || progress.get() < minCalls) && failure.get() == null) {
            if (System.nanoTime() > giveUp) {
                stop.set(true);
                throw new AssertionError("no progress in 60 s: " + safepoints + " rounds, " + progress.get() + " calls");
            }
            System.gc();
            for (Thread w : workers) w.getStackTrace();                         // a handshake each
            safepoints++;
            // Let the callers make progress between two rounds (else full GCs back to back starve
            // them on two cores): wait for a few hundred more calls, or the end.
            long seen = progress.get();
            while (progress.get() < seen + 400 && System.nanoTime() < giveUp && failure.get() == null)
                Thread.onSpinWait();
        }
        stop.set(true);
        for (Thread w : workers) w.join();
        if (failure.get() != null) throw new AssertionError("a caller failed", failure.get());
        System.out.println("ok " + calls.get() + " " + safepoints);
    }
}
