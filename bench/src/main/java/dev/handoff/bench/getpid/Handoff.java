package dev.handoff.bench.getpid;

import java.util.concurrent.TimeUnit;

import dev.handoff.bench.Jvm;
import dev.handoff.syscall.SysNum;
import dev.handoff.syscall.Syscall;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Workload getpid, Handoff: {@link Syscall#rawSyscall} and {@link Syscall#syscall}, from the JMH
 * (platform) thread and from a virtual thread.
 *
 * <p>The four nested classes are the same benchmarks in four JVMs: trampoline or libc fallback
 * ({@link Jvm#LIBC}), each with and without {@link Jvm#SMB}. Setup fails when the implementation in
 * use is not the one the variant names, so a silent fallback cannot pass for a trampoline figure.
 *
 * <p>The virtual-thread rows start one virtual thread per invocation that makes {@value #BATCH} calls
 * and is joined: the start and join (a few microseconds) are spread over the batch, well under 1 ns
 * per call; the rest is the call itself plus whatever {@code syscall} does for a virtual thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public abstract class Handoff {
    static final long SYS_GETPID = SysNum.SYS_GETPID;
    static final int BATCH = Batch.SIZE;

    private long batchResult;
    private final Runnable rawBatch = () -> batchResult = Batch.raw();
    private final Runnable syscallBatch = () -> batchResult = Batch.syscall();

    /** The implementation this variant must run on: "trampoline" or "libc". */
    abstract String expected();

    @Setup
    public void check() {
        String impl = Syscall.implementation();
        if (!impl.startsWith(expected()))
            throw new IllegalStateException("variant wants " + expected() + " but Syscall uses " + impl);
        long pid = Syscall.rawSyscall(SYS_GETPID, 0, 0, 0);
        if (pid != ProcessHandle.current().pid())
            throw new IllegalStateException("getpid gave " + pid + ", expected " + ProcessHandle.current().pid());
    }

    @Benchmark
    public long rawSyscall() {
        return Syscall.rawSyscall(SYS_GETPID, 0, 0, 0);
    }

    @Benchmark
    public long syscall() {
        return Syscall.syscall(SYS_GETPID, 0, 0, 0);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long rawSyscallVirtual() throws InterruptedException {
        Thread.ofVirtual().start(rawBatch).join();
        return batchResult;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long syscallVirtual() throws InterruptedException {
        Thread.ofVirtual().start(syscallBatch).join();
        return batchResult;
    }

    @Fork(jvmArgsPrepend = {Jvm.ADD_EXPORTS_VM, Jvm.ADD_EXPORTS_MISC, Jvm.NATIVE_ACCESS})
    public static class Trampoline extends Handoff {
        @Override String expected() { return "trampoline"; }
    }

    @Fork(jvmArgsPrepend = {Jvm.ADD_EXPORTS_VM, Jvm.ADD_EXPORTS_MISC, Jvm.NATIVE_ACCESS, Jvm.SMB})
    public static class TrampolineSmb extends Handoff {
        @Override String expected() { return "trampoline"; }
    }

    @Fork(jvmArgsPrepend = {Jvm.ADD_EXPORTS_VM, Jvm.ADD_EXPORTS_MISC, Jvm.NATIVE_ACCESS, Jvm.LIBC})
    public static class Libc extends Handoff {
        @Override String expected() { return "libc"; }
    }

    @Fork(jvmArgsPrepend = {Jvm.ADD_EXPORTS_VM, Jvm.ADD_EXPORTS_MISC, Jvm.NATIVE_ACCESS, Jvm.LIBC, Jvm.SMB})
    public static class LibcSmb extends Handoff {
        @Override String expected() { return "libc"; }
    }
}
