package dev.handoff.bench.getpid;

import java.util.concurrent.TimeUnit;

import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.handoff.bench.Jvm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Workload getpid, JNA: direct mapping ({@code Native.register}, a JNI native method per function)
 * and the {@code Library} interface (a dynamic proxy, reflection-based dispatch).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(jvmArgsPrepend = {Jvm.ADD_EXPORTS_VM, Jvm.ADD_EXPORTS_MISC, Jvm.NATIVE_ACCESS})
public class Jna {
    /** Direct mapping. */
    static final class Direct {
        static { Native.register("c"); }
        static native int getpid();
    }

    /** Interface mapping. */
    public interface LibC extends Library {
        int getpid();
    }

    static final LibC LIBC = Native.load("c", LibC.class);

    @Benchmark
    public int getpidDirect() {
        return Direct.getpid();
    }

    @Benchmark
    public int getpidLibrary() {
        return LIBC.getpid();
    }
}
