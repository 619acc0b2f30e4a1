package dev.handoff.bench.getpid;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;

import dev.handoff.bench.Jvm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Workload getpid, the JDK's bare FFM API with no Handoff in between: libc {@code getpid()} as a
 * normal and as a critical downcall, and libc {@code syscall(SYS_getpid)} with errno captured by the
 * downcall (what a careful FFM user writes to get errno right). Two JVMs: with and without
 * {@link Jvm#SMB}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public abstract class Ffm {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MemorySegment GETPID_ADDR = LINKER.defaultLookup().find("getpid").orElseThrow();
    private static final MethodHandle GETPID =
            LINKER.downcallHandle(GETPID_ADDR, FunctionDescriptor.of(ValueLayout.JAVA_INT));
    private static final MethodHandle GETPID_CRITICAL =
            LINKER.downcallHandle(GETPID_ADDR, FunctionDescriptor.of(ValueLayout.JAVA_INT), Linker.Option.critical(false));
    /** long syscall(long number, ...) with three variadic longs, errno captured. */
    private static final MethodHandle SYSCALL_ERRNO = LINKER.downcallHandle(
            LINKER.defaultLookup().find("syscall").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
            Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
    private static final VarHandle ERRNO = Linker.Option.captureStateLayout()
            .varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final long SYS_GETPID = 39; // x86-64; the harness runs on amd64 only

    private final MemorySegment state = Arena.ofAuto().allocate(Linker.Option.captureStateLayout());

    @Benchmark
    public int getpid() throws Throwable {
        return (int) GETPID.invokeExact();
    }

    @Benchmark
    public int getpidCritical() throws Throwable {
        return (int) GETPID_CRITICAL.invokeExact();
    }

    @Benchmark
    public long syscallErrno() throws Throwable {
        long r = (long) SYSCALL_ERRNO.invokeExact(state, SYS_GETPID, 0L, 0L, 0L);
        return r == -1 ? -(int) ERRNO.get(state, 0L) : r;
    }

    @Fork(jvmArgsPrepend = {Jvm.ADD_EXPORTS_VM, Jvm.ADD_EXPORTS_MISC, Jvm.NATIVE_ACCESS})
    public static class Default extends Ffm {}

    @Fork(jvmArgsPrepend = {Jvm.ADD_EXPORTS_VM, Jvm.ADD_EXPORTS_MISC, Jvm.NATIVE_ACCESS, Jvm.SMB})
    public static class Smb extends Ffm {}
}
