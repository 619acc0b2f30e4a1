package dev.handoff.syscall;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

import jdk.internal.misc.Blocker;

/**
 * Go's four system-call entry points, on the Foreign Function &amp; Memory API.
 *
 * <h2>Overview</h2>
 * Each entry point puts its arguments in the kernel's registers, executes {@code SYSCALL} and hands
 * back RAX as it came: a value in [-4095, -1] is {@code -errno} (the seed's
 * {@code CMPQ AX, $0xfffffffffffff001} rule, see {@link Errno#isError}), anything else is r1. Errno
 * therefore travels with the result of that very call; nothing is read afterwards from thread or
 * carrier state (which is what makes JNA's and jnr's errno wrong on virtual threads). No entry point
 * allocates.
 *
 * <p>{@link #syscall} and {@link #syscall6} may block, so they tell whoever schedules the caller:
 * <ul>
 *   <li>a Handoff goroutine (its thread is a {@link SchedulerThread}): {@code entersyscall} before,
 *       {@code exitsyscall} after, so the processor is handed to another thread meanwhile (Go's
 *       Syscall);</li>
 *   <li>a virtual thread: the carrier pool is compensated for the duration, as the JDK's own blocking
 *       file I/O does ({@code jdk.internal.misc.Blocker}), so other virtual threads keep running;</li>
 *   <li>a platform thread: nothing.</li>
 * </ul>
 * {@link #rawSyscall} and {@link #rawSyscall6} tell nobody and run as a critical downcall (no
 * thread-state transition): use them only for calls that cannot block, exactly as Go's RawSyscall.
 * A blocking call made through them pins a virtual thread's carrier, or a goroutine's processor,
 * for its whole duration; that is the documented behaviour, as in Go. Unlike Go, it also holds up
 * the whole JVM at its next safepoint (a GC, a deoptimization): a critical downcall leaves the
 * thread in the Java state, so the VM waits for it to return. A read that never returns then
 * hangs the process. Never block in {@code rawSyscall}.
 *
 * <h2>This is the unsafe layer</h2>
 * Arguments go to the kernel as they are. A pointer argument that does not point at memory you own
 * lets the kernel write wherever it points: it can corrupt the heap or crash the JVM. Trap numbers
 * the kernel does not know are harmless (ENOSYS). The typed layer, {@code dev.handoff.unix}, checks
 * arrays, strings and sizes before they get here.
 *
 * <h2>Implementation</h2>
 * By default a trampoline made at run time ({@link Trampoline}); where exec mappings are refused,
 * or with {@code -Dhandoff.syscall.impl=libc}, libc's {@code syscall(3)} with errno captured in the
 * same downcall. {@link #implementation()} says which is in use.
 */
public final class Syscall {
    private Syscall() {}

    private static final MethodHandle RAW3, RAW6, BLOCKING3, BLOCKING6;
    private static final String IMPLEMENTATION;
    /** True when this module may use jdk.internal.misc (virtual-thread compensation). */
    static final boolean CAN_COMPENSATE;

    static {
        if (Trampoline.UNAVAILABLE == null) {
            RAW3 = Trampoline.RAW3;
            RAW6 = Trampoline.RAW6;
            BLOCKING3 = Trampoline.BLOCKING3;
            BLOCKING6 = Trampoline.BLOCKING6;
            IMPLEMENTATION = "trampoline, exit=" + Trampoline.EXIT
                    + (Trampoline.COPIED.isEmpty() ? "" : ", stub copies " + Trampoline.COPIED);
        } else {
            RAW3 = BLOCKING3 = Libc.handle(false);
            RAW6 = BLOCKING6 = Libc.handle(true);
            IMPLEMENTATION = "libc syscall(3) (" + Trampoline.UNAVAILABLE + ")";
        }
        CAN_COMPENSATE = Object.class.getModule().isExported("jdk.internal.misc", Syscall.class.getModule());
        Access.reportMissingFlags();
    }

    /** Which machinery makes the calls: "trampoline, exit=stub|jmp|ret", or "libc syscall(3) (why)". */
    public static String implementation() { return IMPLEMENTATION; }

    /**
     * A system call that may block, with up to three arguments (Go's {@code syscall.Syscall}).
     *
     * @return the kernel's result: {@code -errno} when in [-4095, -1], else r1
     */
    public static long syscall(long trap, long a1, long a2, long a3) {
        Thread t = Thread.currentThread();
        if (t instanceof SchedulerThread m) {
            m.entersyscall(trap);
            long r = call(BLOCKING3, trap, a1, a2, a3);
            m.exitsyscall();
            return r;
        }
        if (t.isVirtual() && CAN_COMPENSATE) {
            boolean attempted = Blocker.begin();
            try {
                return call(BLOCKING3, trap, a1, a2, a3);
            } finally {
                Blocker.end(attempted);
            }
        }
        return call(BLOCKING3, trap, a1, a2, a3);
    }

    /** A system call that may block, with up to six arguments (Go's {@code syscall.Syscall6}). */
    public static long syscall6(long trap, long a1, long a2, long a3, long a4, long a5, long a6) {
        Thread t = Thread.currentThread();
        if (t instanceof SchedulerThread m) {
            m.entersyscall(trap);
            long r = call(BLOCKING6, trap, a1, a2, a3, a4, a5, a6);
            m.exitsyscall();
            return r;
        }
        if (t.isVirtual() && CAN_COMPENSATE) {
            boolean attempted = Blocker.begin();
            try {
                return call(BLOCKING6, trap, a1, a2, a3, a4, a5, a6);
            } finally {
                Blocker.end(attempted);
            }
        }
        return call(BLOCKING6, trap, a1, a2, a3, a4, a5, a6);
    }

    /**
     * A system call that cannot block, with up to three arguments (Go's {@code syscall.RawSyscall}):
     * nobody is told, nothing is handed off. A blocking call made here holds the caller's carrier or
     * processor until it returns.
     */
    public static long rawSyscall(long trap, long a1, long a2, long a3) {
        return call(RAW3, trap, a1, a2, a3);
    }

    /** A system call that cannot block, with up to six arguments (Go's {@code syscall.RawSyscall6}). */
    public static long rawSyscall6(long trap, long a1, long a2, long a3, long a4, long a5, long a6) {
        return call(RAW6, trap, a1, a2, a3, a4, a5, a6);
    }

    private static long call(MethodHandle h, long trap, long a1, long a2, long a3) {
        try {
            return (long) h.invokeExact(trap, a1, a2, a3);
        } catch (Throwable e) {
            throw new InternalError("system call " + trap + " failed in the downcall", e);
        }
    }

    private static long call(MethodHandle h, long trap, long a1, long a2, long a3, long a4, long a5, long a6) {
        try {
            return (long) h.invokeExact(trap, a1, a2, a3, a4, a5, a6);
        } catch (Throwable e) {
            throw new InternalError("system call " + trap + " failed in the downcall", e);
        }
    }

    /**
     * The fallback: libc's variadic {@code long syscall(long number, ...)}, with errno captured by the
     * same downcall (never read afterwards) and folded back into the kernel's {@code -errno} form.
     */
    static final class Libc {
        private Libc() {}

        private static final MethodHandle SYSCALL6;
        private static final VarHandle ERRNO;
        /** One capture buffer per thread: a downcall cannot unmount, so nobody else writes it meanwhile. */
        private static final ThreadLocal<MemorySegment> STATE =
                ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(Linker.Option.captureStateLayout()));

        static {
            Linker linker = Linker.nativeLinker();
            MemoryLayout stateLayout = Linker.Option.captureStateLayout();
            ERRNO = stateLayout.varHandle(MemoryLayout.PathElement.groupElement("errno"));
            FunctionDescriptor d = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG);
            SYSCALL6 = linker.downcallHandle(linker.defaultLookup().find("syscall").orElseThrow(), d,
                    Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
        }

        static MethodHandle handle(boolean six) {
            try {
                var type = six ? MethodType.methodType(long.class, long.class, long.class, long.class, long.class, long.class, long.class, long.class)
                               : MethodType.methodType(long.class, long.class, long.class, long.class, long.class);
                return MethodHandles.lookup().findStatic(Libc.class, six ? "call6" : "call3", type);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        static long call3(long trap, long a1, long a2, long a3) throws Throwable {
            return call6(trap, a1, a2, a3, 0, 0, 0);
        }

        static long call6(long trap, long a1, long a2, long a3, long a4, long a5, long a6) throws Throwable {
            MemorySegment state = STATE.get();
            long r = (long) SYSCALL6.invokeExact(state, trap, a1, a2, a3, a4, a5, a6);
            return r == -1 ? -(int) ERRNO.get(state, 0L) : r;
        }
    }
}
