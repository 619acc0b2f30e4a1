package dev.handoff.bench.pread;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.handoff.bench.Jvm;
import dev.handoff.unix.Unix;
import dev.handoff.unix.ZConstants;
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
 * Workload pread, Handoff: 4 KiB read at offset 0 of a 64 KiB file in the page cache, through each
 * overload of the generated {@code Unix.pread}. The heap rows (byte[], heap ByteBuffer) pay for a copy
 * through a confined arena; the native rows (MemorySegment, direct ByteBuffer) allocate nothing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_EXPORTS_VM, Jvm.ADD_EXPORTS_MISC, Jvm.NATIVE_ACCESS, Jvm.SMB})
public class Handoff {
    static final int SIZE = 4096;
    private Path file;
    private int fd;
    private Arena arena;
    private MemorySegment segment;
    private ByteBuffer direct, heap;
    private final byte[] array = new byte[SIZE];

    @Setup(Level.Trial)
    public void open() throws IOException {
        file = Files.createTempFile("handoff-bench-pread", ".bin");
        Files.write(file, new byte[16 * SIZE]);
        fd = Unix.open(file.toString(), ZConstants.O_RDONLY | ZConstants.O_CLOEXEC, 0);
        arena = Arena.ofShared();
        segment = arena.allocate(SIZE, SIZE);
        direct = ByteBuffer.allocateDirect(SIZE);
        heap = ByteBuffer.allocate(SIZE);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        Unix.close(fd);
        arena.close();
        Files.delete(file);
    }

    @Benchmark
    public int memorySegment() { return Unix.pread(fd, segment, 0); }

    @Benchmark
    public int directByteBuffer() {
        direct.clear();
        return Unix.pread(fd, direct, 0);
    }

    @Benchmark
    public int heapByteBuffer() {
        heap.clear();
        return Unix.pread(fd, heap, 0);
    }

    @Benchmark
    public int byteArray() { return Unix.pread(fd, array, 0); }
}
