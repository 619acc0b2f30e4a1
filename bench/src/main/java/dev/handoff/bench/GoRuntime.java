package dev.handoff.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import dev.handoff.runtime.Go;

/** Base of the JMH states that run goroutines: a background runtime for the whole trial. */
public abstract class GoRuntime {
    @Setup(Level.Trial)
    public void startRuntime() {
        Go.start();
    }

    @TearDown(Level.Trial)
    public void stopRuntime() {
        Go.shutdown();
    }
}
