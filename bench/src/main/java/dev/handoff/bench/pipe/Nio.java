package dev.handoff.bench.pipe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
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

/** Workload pipe, the JDK: one byte through a {@link Pipe} (sink.write, source.read), direct buffer. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {Jvm.SMB})
public class Nio {
    private Pipe pipe;
    private final ByteBuffer direct = ByteBuffer.allocateDirect(1);

    @Setup(Level.Trial)
    public void open() throws IOException { pipe = Pipe.open(); }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        pipe.sink().close();
        pipe.source().close();
    }

    @Benchmark
    public int directByteBuffer() throws IOException {
        direct.clear();
        int n = pipe.sink().write(direct);
        direct.clear();
        return n + pipe.source().read(direct);
    }
}
