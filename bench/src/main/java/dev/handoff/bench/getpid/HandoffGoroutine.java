package dev.handoff.bench.getpid;

import java.util.concurrent.TimeUnit;

import dev.handoff.bench.Jvm;
import dev.handoff.runtime.Go;
import dev.handoff.syscall.SysNum;
import dev.handoff.syscall.Syscall;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Workload getpid, Handoff from a goroutine: {@link Syscall#syscall} (entersyscall/exitsyscall
 * around the trap, the counterpart of Go's {@code syscall.Syscall}) and {@link Syscall#rawSyscall}
 * (the scheduler is not told, Go's {@code syscall.RawSyscall}).
 *
 * <p>A background runtime runs for the trial; each invocation runs one goroutine ({@code Go.run})
 * that makes {@value #BATCH} calls. Starting and waiting for it costs a few microseconds, under 1 ns
 * per call. Two JVMs: without and with {@link Jvm#SMB} (the launcher's default).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public abstract class HandoffGoroutine {
    static final long SYS_GETPID = SysNum.SYS_GETPID;
    static final int BATCH = Batch.SIZE;

    private long batchResult;
    private final Runnable rawBatch = () -> batchResult = Batch.raw();
    private final Runnable syscallBatch = () -> batchResult = Batch.syscall();

    @Setup(Level.Trial)
    public void start() {
        if (!Syscall.implementation().startsWith("trampoline"))
            throw new IllegalStateException("expected the trampoline, Syscall uses " + Syscall.implementation());
        Go.start();
        long[] pid = new long[1];
        Go.run(() -> pid[0] = Syscall.syscall(SYS_GETPID, 0, 0, 0));
        if (pid[0] != ProcessHandle.current().pid())
            throw new IllegalStateException("getpid gave " + pid[0] + ", expected " + ProcessHandle.current().pid());
    }

    @TearDown(Level.Trial)
    public void stop() {
        Go.shutdown();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long syscall() {
        Go.run(syscallBatch);
        return batchResult;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long rawSyscall() {
        Go.run(rawBatch);
        return batchResult;
    }

    @Fork(jvmArgsPrepend = {Jvm.ADD_EXPORTS_VM, Jvm.ADD_EXPORTS_MISC, Jvm.NATIVE_ACCESS})
    public static class Trampoline extends HandoffGoroutine {}

    @Fork(jvmArgsPrepend = {Jvm.ADD_EXPORTS_VM, Jvm.ADD_EXPORTS_MISC, Jvm.NATIVE_ACCESS, Jvm.SMB})
    public static class TrampolineSmb extends HandoffGoroutine {}
}
