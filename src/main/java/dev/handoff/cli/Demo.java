package dev.handoff.cli;

import static dev.handoff.syscall.SysNum.*;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.handoff.syscall.Errno;
import dev.handoff.syscall.Syscall;
import picocli.CommandLine.Command;

/**
 * The demo (README's first command). Part 1: real system calls with their raw results and errno
 * names. Part 2: what a 300 ms blocking call does to a one-carrier virtual-thread scheduler when
 * made through a plain FFM downcall (what every Java native-call library does), through
 * {@code rawSyscall}, and through {@code syscall}.
 */
@Command(name = "demo", description = "Show Handoff's system calls and scheduler at work.")
final class Demo implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        // Must be set before the first virtual thread exists: part 2 wants one carrier.
        System.setProperty("jdk.virtualThreadScheduler.parallelism", "1");
        System.out.println("== Handoff demo: " + Runtime.version() + ", syscalls via " + Syscall.implementation());
        syscalls();
        pinning();
        DemoRuntime.run();
        return 0;
    }

    // ---- part 1 -------------------------------------------------------------------------------

    private static void syscalls() {
        System.out.println();
        System.out.println("-- 1. System calls, straight to the kernel (raw result; -errno on failure)");
        try (Arena a = Arena.ofConfined()) {
            show("getpid()", Syscall.rawSyscall(SYS_GETPID, 0, 0, 0), "== ProcessHandle pid " + ProcessHandle.current().pid());
            show("gettid()", Syscall.rawSyscall(SYS_GETTID, 0, 0, 0), "this thread's kernel id");
            show("getuid()", Syscall.rawSyscall(SYS_GETUID, 0, 0, 0), "");
            MemorySegment uts = a.allocate(6 * 65);
            show("uname(&buf)", Syscall.rawSyscall(SYS_UNAME, uts.address(), 0, 0),
                    uts.getString(0) + " " + uts.getString(2 * 65) + " " + uts.getString(4 * 65));
            MemorySegment ts = a.allocate(16);
            show("clock_gettime(CLOCK_MONOTONIC, &ts)", Syscall.rawSyscall(SYS_CLOCK_GETTIME, 1, ts.address(), 0),
                    "uptime " + ts.get(ValueLayout.JAVA_LONG, 0) + " s");
            MemorySegment fds = a.allocate(8);
            show("pipe2(fds, O_CLOEXEC)", Syscall.rawSyscall(SYS_PIPE2, fds.address(), 0x80000, 0),
                    "fds " + fds.get(ValueLayout.JAVA_INT, 0) + ", " + fds.get(ValueLayout.JAVA_INT, 4));
            int r = fds.get(ValueLayout.JAVA_INT, 0), w = fds.get(ValueLayout.JAVA_INT, 4);
            MemorySegment msg = a.allocateFrom("hello, kernel");
            show("write(w, \"hello, kernel\", 13)", Syscall.syscall(SYS_WRITE, w, msg.address(), 13), "bytes written");
            MemorySegment in = a.allocate(32);
            long n = Syscall.syscall(SYS_READ, r, in.address(), 32);
            show("read(r, buf, 32)", n, "\"" + in.getString(0) + "\"");
            show("close(r); close(w)", Syscall.rawSyscall(SYS_CLOSE, r, 0, 0) | Syscall.rawSyscall(SYS_CLOSE, w, 0, 0), "");
            show("close(-1)", Syscall.syscall(SYS_CLOSE, -1, 0, 0), "");
            MemorySegment nowhere = a.allocateFrom("/nonexistent/handoff");
            show("openat(AT_FDCWD, \"/nonexistent/handoff\", O_RDONLY)", Syscall.syscall6(SYS_OPENAT, -100, nowhere.address(), 0, 0, 0, 0), "");
            show("kill(0x3fffffff, 0)", Syscall.rawSyscall(SYS_KILL, 0x3fffffff, 0, 0), "");
            long addr = Syscall.rawSyscall6(SYS_MMAP, 0, 4096, 3, 0x22, -1, 0);
            show("mmap(NULL, 4096, RW, PRIVATE|ANON, -1, 0)", addr, String.format("address 0x%x (six arguments)", addr));
            show("munmap(addr, 4096)", Syscall.rawSyscall(SYS_MUNMAP, addr, 4096, 0), "");
            MemorySegment rnd = a.allocate(8);
            show("getrandom(buf, 8, 0)", Syscall.syscall(SYS_GETRANDOM, rnd.address(), 8, 0),
                    String.format("0x%016x", rnd.get(ValueLayout.JAVA_LONG, 0)));
            show("syscall(99999)", Syscall.syscall(99_999, 0, 0, 0), "unknown trap number");
            show("write(1, ..)", Syscall.syscall(SYS_WRITE, 1, a.allocateFrom("   (this line was written by write(2))\n").address(), 39), "");
        }
    }

    private static void show(String call, long r, String note) {
        String result = Errno.isError(r)
                ? String.format("%-6d %s (%s)", r, Errno.of(Errno.errnoOf(r)).name(), Errno.of(Errno.errnoOf(r)).message())
                : String.format("%-6d %s", r, note);
        System.out.printf("  %-52s = %s%n", call, result);
    }

    // ---- part 2 -------------------------------------------------------------------------------

    private interface Call { void run(MemorySegment timespec) throws Throwable; }

    private static void pinning() throws Exception {
        System.out.println();
        System.out.println("-- 2. A 300 ms blocking call on a virtual thread, one carrier"
                + " (jdk.virtualThreadScheduler.parallelism=1); a heartbeat virtual thread ticks every 5 ms");
        Linker linker = Linker.nativeLinker();
        MethodHandle nanosleep = linker.downcallHandle(linker.defaultLookup().find("nanosleep").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        long ffm = stall(ts -> { int rc = (int) nanosleep.invokeExact(ts, MemorySegment.NULL); assert rc == 0; });
        long raw = stall(ts -> Errno.check(Syscall.rawSyscall(SYS_NANOSLEEP, ts.address(), 0, 0), "nanosleep"));
        long ho = stall(ts -> Errno.check(Syscall.syscall(SYS_NANOSLEEP, ts.address(), 0, 0), "nanosleep"));
        System.out.printf("  %-44s longest heartbeat gap %4d ms%n", "plain FFM downcall to libc nanosleep", ffm);
        System.out.printf("  %-44s longest heartbeat gap %4d ms   (pins, as Go's RawSyscall)%n", "Handoff rawSyscall(SYS_NANOSLEEP)", raw);
        System.out.printf("  %-44s longest heartbeat gap %4d ms   (carrier pool compensated)%n", "Handoff syscall(SYS_NANOSLEEP)", ho);
    }

    /** Runs the call on a virtual thread while a heartbeat ticks; returns the heartbeat's longest gap in ms. */
    private static long stall(Call call) throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong longest = new AtomicLong();
        Thread heart = Thread.ofVirtual().start(() -> {
            long last = System.nanoTime();
            while (!done.get()) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                longest.accumulateAndGet(now - last, Math::max);
                last = now;
            }
        });
        Thread blocker = Thread.ofVirtual().start(() -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment ts = a.allocate(16);
                ts.set(ValueLayout.JAVA_LONG, 8, 300_000_000L);
                call.run(ts);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        });
        blocker.join();
        done.set(true);
        heart.join();
        return longest.get() / 1_000_000;
    }
}
