package dev.handoff.bench.pipe;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import dev.handoff.bench.Jvm;
import dev.handoff.unix.Unix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Workload pipe, Handoff: one byte written into a pipe and read back through the generated
 * {@code Unix.write}/{@code Unix.read} (two blocking-aware system calls), with each buffer overload.
 * The C anchor is bench/c/pipe.c. The MemorySegment and direct ByteBuffer rows should allocate
 * nothing (B/op from -prof gc); the byte[] row copies through a confined arena on each call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_EXPORTS_VM, Jvm.ADD_EXPORTS_MISC, Jvm.NATIVE_ACCESS, Jvm.SMB})
public class Handoff {
    private int r, w;
    private Arena arena;
    private MemorySegment segment;
    private ByteBuffer direct;
    private final byte[] array = new byte[1];

    @Setup(Level.Trial)
    public void open() {
        int[] p = Unix.pipe();
        r = p[0];
        w = p[1];
        arena = Arena.ofShared();
        segment = arena.allocate(1);
        direct = ByteBuffer.allocateDirect(1);
    }

    @TearDown(Level.Trial)
    public void close() {
        Unix.close(r);
        Unix.close(w);
        arena.close();
    }

    @Benchmark
    public int memorySegment() {
        return Unix.write(w, segment) + Unix.read(r, segment);
    }

    @Benchmark
    public int directByteBuffer() {
        direct.clear();
        int n = Unix.write(w, direct);
        direct.clear();
        return n + Unix.read(r, direct);
    }

    @Benchmark
    public int byteArray() {
        return Unix.write(w, array) + Unix.read(r, array);
    }
}
