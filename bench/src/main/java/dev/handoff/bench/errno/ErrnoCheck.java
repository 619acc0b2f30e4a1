package dev.handoff.bench.errno;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import dev.handoff.syscall.Errno;
import dev.handoff.syscall.SysNum;
import dev.handoff.syscall.Syscall;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * Workload errno: is the errno a library hands back the errno of <em>this</em> call, when the calls
 * are made from many virtual threads that share a few carriers?
 *
 * <p>{@value #DEFAULT_THREADS} virtual threads each make failing calls, alternating
 * {@code close(-1)} (EBADF) and {@code access("/nonexistent/...", F_OK)} (ENOENT), and offset by
 * thread so that neighbours on a carrier expect different values; every thread yields after each
 * call. A read counts as wrong when it is not the errno that call must produce.
 *
 * <p>Two ways to read errno, each run separately:
 * <ul>
 *   <li>{@code immediate}: errno is read right after the call, with no yield point in between (the
 *       natural usage);</li>
 *   <li>{@code afterYield}: a {@code Thread.yield()} sits between the call and the read, standing for
 *       any code that may unmount the virtual thread there (a lock, logging, I/O).</li>
 * </ul>
 * Libraries that keep errno in the carrier's (OS thread's) state can only be right in the second
 * mode by luck; Handoff's errno is part of the call's result.
 *
 * <p>Output: one tab-separated line per (mode, contender), read by bench/run:
 * {@code errno.MODE.CONTENDER <TAB> wrong <TAB> total <TAB> percent <TAB> seen-when-wrong}.
 * Usage: {@code ErrnoCheck [threads] [callsPerThread] [name-regex]}, or {@code ErrnoCheck -l} to list
 * the names.
 */
public final class ErrnoCheck {
    static final int DEFAULT_THREADS = 200;
    static final int DEFAULT_CALLS = 500;
    static final String MISSING = "/nonexistent/handoff-errno-check";
    static final int EBADF = Errno.EBADF.number(), ENOENT = Errno.ENOENT.number();

    /** A way to make the two failing calls and to read their errno. */
    interface Contender {
        String name();
        /** Makes the call (close(-1) when {@code ebadf}, else access(MISSING)); returns a token for {@link #errno}. */
        Object call(boolean ebadf);
        /** The errno of the call that returned {@code token}, read the contender's way. */
        int errno(Object token);
    }

    /** Handoff: errno is the negated result of the very call. */
    record HandoffContender(String name, boolean raw) implements Contender {
        static final MemorySegment PATH = Arena.global().allocateFrom(MISSING);

        public Object call(boolean ebadf) {
            long r = ebadf ? sys(SysNum.SYS_CLOSE, -1, 0) : sys(SysNum.SYS_ACCESS, PATH.address(), 0);
            return r;
        }

        private long sys(long trap, long a1, long a2) {
            return raw ? Syscall.rawSyscall(trap, a1, a2, 0) : Syscall.syscall(trap, a1, a2, 0);
        }

        public int errno(Object token) {
            long r = (Long) token;
            return Errno.isError(r) ? Errno.errnoOf(r) : 0;
        }
    }

    /** JNA direct mapping; errno read with {@code Native.getLastError()} (JNA's per-OS-thread copy). */
    static final class JnaLastError implements Contender {
        static { Native.register(JnaLastError.class, "c"); }
        static native int close(int fd);
        static native int access(String path, int mode);
        public String name() { return "JNA.getLastError"; }
        public Object call(boolean ebadf) { return ebadf ? close(-1) : access(MISSING, 0); }
        public int errno(Object token) { return Native.getLastError(); }
    }

    /** JNA direct mapping declared {@code throws LastErrorException}: errno taken inside the native dispatch. */
    static final class JnaException implements Contender {
        static { Native.register(JnaException.class, "c"); }
        static native int close(int fd) throws LastErrorException;
        static native int access(String path, int mode) throws LastErrorException;
        public String name() { return "JNA.LastErrorException"; }
        public Object call(boolean ebadf) {
            try {
                return ebadf ? close(-1) : access(MISSING, 0);
            } catch (LastErrorException e) {
                return e;
            }
        }
        public int errno(Object token) { return token instanceof LastErrorException e ? e.getErrorCode() : 0; }
    }

    /** jnr-posix; errno read with {@code POSIX.errno()} (jffi's per-OS-thread copy). */
    static final class Jnr implements Contender {
        static final POSIX POSIX = POSIXFactory.getNativePOSIX();
        public String name() { return "jnr-posix.errno"; }
        public Object call(boolean ebadf) { return ebadf ? POSIX.close(-1) : POSIX.access(MISSING, 0); }
        public int errno(Object token) { return POSIX.errno(); }
    }

    record Result(String name, long wrong, long total, Map<Integer, Long> seenWhenWrong) {}

    static Result run(Contender c, boolean yieldBeforeRead, int threads, int calls) throws InterruptedException {
        LongAdder wrong = new LongAdder();
        Map<Integer, LongAdder> seen = new ConcurrentHashMap<>();
        List<Thread> all = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            int offset = t;
            all.add(Thread.ofVirtual().name("errno-" + t).start(() -> {
                for (int i = 0; i < calls; i++) {
                    boolean ebadf = ((offset + i) & 1) == 0;
                    Object token = c.call(ebadf);
                    if (yieldBeforeRead) Thread.yield();
                    int got = c.errno(token);
                    if (got != (ebadf ? EBADF : ENOENT)) {
                        wrong.increment();
                        seen.computeIfAbsent(got, k -> new LongAdder()).increment();
                    }
                    Thread.yield();
                }
            }));
        }
        for (Thread t : all) t.join();
        Map<Integer, Long> seenSum = new TreeMap<>();
        seen.forEach((k, v) -> seenSum.put(k, v.sum()));
        return new Result(name(yieldBeforeRead, c), wrong.sum(), (long) threads * calls, seenSum);
    }

    static List<Contender> contenders() {
        return List.of(new HandoffContender("Handoff.syscall", false), new HandoffContender("Handoff.rawSyscall", true),
                new JnaLastError(), new JnaException(), new Jnr());
    }

    static String name(boolean yieldBeforeRead, Contender c) {
        return "errno." + (yieldBeforeRead ? "afterYield" : "immediate") + "." + c.name();
    }

    public static void main(String[] args) throws InterruptedException {
        boolean list = args.length > 0 && args[0].equals("-l");
        int threads = args.length > 0 && !list ? Integer.parseInt(args[0]) : DEFAULT_THREADS;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_CALLS;
        Pattern include = Pattern.compile(args.length > 2 ? args[2] : "");
        for (boolean yieldBeforeRead : new boolean[] {false, true}) {
            for (Contender c : contenders()) {
                String name = name(yieldBeforeRead, c);
                if (list) System.out.println(name);
                if (list || !include.matcher(name).find()) continue;
                Result r = run(c, yieldBeforeRead, threads, calls);
                StringBuilder seen = new StringBuilder();
                r.seenWhenWrong().forEach((k, v) -> seen.append(seen.isEmpty() ? "" : ",")
                        .append(k == 0 ? "0" : Errno.of(k) != null ? Errno.of(k).name() : k.toString()).append('=').append(v));
                System.out.printf("%s\t%d\t%d\t%.2f\t%s%n", r.name(), r.wrong(), r.total(),
                        100.0 * r.wrong() / r.total(), seen.isEmpty() ? "-" : seen);
            }
        }
    }
}
