package dev.handoff.bench.pread;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import dev.handoff.bench.Jvm;
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

/** Workload pread, the JDK: {@code FileChannel.read(buffer, 0)} of 4 KiB from a cached file. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {Jvm.SMB})
public class Nio {
    private Path file;
    private FileChannel ch;
    private final ByteBuffer direct = ByteBuffer.allocateDirect(4096), heap = ByteBuffer.allocate(4096);

    @Setup(Level.Trial)
    public void open() throws IOException {
        file = Files.createTempFile("handoff-bench-pread", ".bin");
        Files.write(file, new byte[16 * 4096]);
        ch = FileChannel.open(file, StandardOpenOption.READ);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        ch.close();
        Files.delete(file);
    }

    @Benchmark
    public int directByteBuffer() throws IOException {
        direct.clear();
        return ch.read(direct, 0);
    }

    @Benchmark
    public int heapByteBuffer() throws IOException {
        heap.clear();
        return ch.read(heap, 0);
    }
}
