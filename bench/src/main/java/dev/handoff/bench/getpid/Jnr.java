package dev.handoff.bench.getpid;

import java.util.concurrent.TimeUnit;

import dev.handoff.bench.Jvm;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Workload getpid, jnr-posix (jnr-ffi over jffi's JNI stub): {@code POSIX.getpid()}. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(jvmArgsPrepend = {Jvm.ADD_EXPORTS_VM, Jvm.ADD_EXPORTS_MISC, Jvm.NATIVE_ACCESS})
public class Jnr {
    /** The native POSIX, never jnr's pure-Java fallback (getNativePOSIX throws instead). */
    static final POSIX POSIX = POSIXFactory.getNativePOSIX();

    @Setup
    public void check() {
        if (!POSIX.isNative()) throw new IllegalStateException("jnr-posix is not native here");
    }

    @Benchmark
    public int getpid() {
        return POSIX.getpid();
    }
}
